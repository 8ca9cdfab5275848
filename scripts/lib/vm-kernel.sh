# Extracts the uncompressed ELF vmlinux from a Debian bzImage so scripts/vm-run can PVH-boot it (skips the ~3 s in-guest decompression under TCG).
# shellcheck shell=bash
#
# Sourced by scripts/vm-run; defines vm_kernel_extract BZIMAGE OUTPUT.
# Debian's x86 kernels are built with CONFIG_PVH=y, so QEMU's -kernel accepts
# the ELF directly (Xen PVH entry note). Returns non-zero if no ELF payload
# was found; the caller then boots the bzImage.

vm_kernel_extract() {
	local img=$1 out=$2 off tmp
	tmp=$out.tmp.$$
	# Candidate offsets of an xz (FD 37 7A 58 5A 00) or zstd (28 B5 2F FD)
	# stream; the payload is the first one that decompresses to an ELF.
	local -a offs
	mapfile -t offs < <(LC_ALL=C grep -obUaP '\xFD\x37\x7A\x58\x5A\x00|\x28\xB5\x2F\xFD' "$img" | cut -d: -f1)
	for off in "${offs[@]}"; do
		# Trailing data after the stream makes the decompressors complain:
		# ignore their status and check the result instead.
		tail -c +"$((off + 1))" "$img" | xz -dcq 2>/dev/null >"$tmp" || true
		if [[ ! -s $tmp ]] && command -v zstd >/dev/null; then
			tail -c +"$((off + 1))" "$img" | zstd -dcq 2>/dev/null >"$tmp" || true
		fi
		if [[ $(head -c 4 "$tmp" | od -An -tx1 | tr -d ' \n') == 7f454c46 ]]; then
			mv -f "$tmp" "$out"
			return 0
		fi
	done
	rm -f "$tmp"
	return 1
}
