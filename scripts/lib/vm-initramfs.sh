# Builds the small initramfs that scripts/vm-run boots: busybox plus the modules needed to mount the host's / over virtio-9p with a tmpfs overlay, then switch_root into it.
# shellcheck shell=bash
#
# Sourced by scripts/vm-run; defines vm_initramfs_build VER OUTPUT [MODROOT]
# (MODROOT: the root a kernel's lib/modules/VER lives under, when not /).
# The initramfs /init reads "xtcp.init=PATH" from /proc/cmdline and, after
# switch_root, execs PATH (scripts/vm-init of the repository) as PID 1.

# vm_initramfs_modules VER [MODROOT]: print the module files (in load order)
# needed to mount the root, one per line; built-in modules are skipped.
vm_initramfs_modules() {
	local ver=$1 root=${2:-/} m line
	local -A seen=()
	local -a kmod=(modprobe -d "$root" -S "$ver")
	for m in virtio_pci 9pnet_virtio 9p overlay; do
		# modprobe prints "insmod /path/x.ko[.xz]" per dep, deps first,
		# or "builtin x" for built-in ones.
		if ! "${kmod[@]}" --show-depends "$m" >/dev/null 2>&1; then
			# Built-in modules may make --show-depends fail on some kmod
			# versions if modules.builtin is absent; treat as built-in.
			if grep -q "/${m}.ko" "$root/lib/modules/$ver/modules.builtin" 2>/dev/null; then
				continue
			fi
			echo "vm-initramfs: cannot resolve module $m for $ver (run depmod $ver?)" >&2
			return 1
		fi
		while read -r line; do
			case $line in
			insmod\ *)
				line=${line#insmod }
				line=${line%% *} # strip module options, if any
				if [[ -z ${seen[$line]:-} ]]; then
					seen[$line]=1
					printf '%s\n' "$line"
				fi
				;;
			esac
		done < <("${kmod[@]}" --show-depends "$m")
	done
}

# vm_initramfs_build VER OUTPUT [MODROOT]: write a gzip'd newc cpio to OUTPUT
# (atomically).
vm_initramfs_build() {
	local ver=$1 out=$2 root=${3:-} stage n=0 f base busybox
	busybox=$(command -v busybox || true)
	[[ -x /bin/busybox ]] && busybox=/bin/busybox
	if [[ -z $busybox ]] || ! file -L "$busybox" 2>/dev/null | grep -q 'statically linked'; then
		# "file" may be missing: fall back to ldd.
		if [[ -z $busybox ]] || ldd "$busybox" >/dev/null 2>&1; then
			echo "vm-initramfs: need a static busybox (apt-get install busybox-static)" >&2
			return 1
		fi
	fi
	stage=$(mktemp -d "${out%/*}/initramfs-stage.XXXXXX")
	# shellcheck disable=SC2064 # expand now: local var is gone at RETURN time otherwise
	trap "rm -rf '$stage'" RETURN
	mkdir -p "$stage"/{bin,dev,proc,sys,mods,lower,rw,newroot}
	cp "$busybox" "$stage/bin/busybox"
	ln -s busybox "$stage/bin/sh"
	mknod -m 600 "$stage/dev/console" c 5 1
	mknod -m 666 "$stage/dev/null" c 1 3

	local mods
	mods=$(vm_initramfs_modules "$ver" "$root") || return 1
	while read -r f; do
		[[ -n $f ]] || continue
		n=$((n + 1))
		base=${f##*/}
		base=${base%.xz}
		base=${base%.zst}
		base=${base%.gz}
		base=$(printf '%02d-%s' "$n" "$base")
		case $f in
		*.ko.xz) xz -dc "$f" >"$stage/mods/$base" ;;
		*.ko.zst) zstd -qdc "$f" >"$stage/mods/$base" ;;
		*.ko.gz) gzip -dc "$f" >"$stage/mods/$base" ;;
		*.ko) cp "$f" "$stage/mods/$base" ;;
		*)
			echo "vm-initramfs: unexpected module file $f" >&2
			return 1
			;;
		esac
	done <<<"$mods"

	cat >"$stage/init" <<'EOF'
#!/bin/sh
# initramfs /init of scripts/vm-run: mount host / (9p, ro) + tmpfs overlay, switch_root into it.
export PATH=/bin
/bin/busybox --install -s /bin
fail() {
	echo "vm-initramfs: $*"
	poweroff -f
	while :; do sleep 60; done
}
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
for m in /mods/*.ko; do
	[ -e "$m" ] || continue
	insmod "$m" || fail "insmod $m failed"
done
vinit=
for a in $(cat /proc/cmdline); do
	case $a in xtcp.init=*) vinit=${a#xtcp.init=} ;; esac
done
[ -n "$vinit" ] || fail "no xtcp.init= on the kernel command line"
# The virtio-9p device may still be probing when insmod returns.
i=0
until mount -t 9p -o trans=virtio,version=9p2000.L,msize=524288,cache=loose,ro hostroot /lower 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 50 ] || fail "cannot mount 9p hostroot"
	sleep 0.1
done
mount -t tmpfs -o mode=0755 rw /rw || fail "tmpfs"
mkdir -p /rw/upper /rw/work
mount -t overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work overlay /newroot || fail "overlay mount failed"
[ -x "/newroot$vinit" ] || fail "$vinit not found/executable in the host root"
mount --move /dev /newroot/dev 2>/dev/null || umount /dev
umount /sys /proc
exec switch_root /newroot "$vinit"
EOF
	chmod 755 "$stage/init"
	(cd "$stage" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet -R 0:0) | gzip -1 >"$out.tmp.$$"
	mv -f "$out.tmp.$$" "$out"
}
