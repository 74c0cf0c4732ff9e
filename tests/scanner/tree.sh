# tests/scanner/tree.sh: builds the mixed test tree, sourced by the tests.
#	make_tree DIR
# Nested and empty directories, hard links inside and across directories,
# symlinks (to files, dirs, nowhere), a sparse file, names with spaces,
# a newline, invalid UTF-8, a FIFO and a socket, logs of every kind.
make_tree() {
	local t=$1 i
	mkdir -p "$t/a/b/c" "$t/a/empty" "$t/d" "$t/with space/in side" \
		"$t/var/log/nginx" "$t/docker/containers/abc" "$t/deep/1/2/3/4/5"
	printf 'hello\n' >"$t/a/f"
	head -c 100000 /dev/zero >"$t/a/b/g"
	ln "$t/a/f" "$t/a/b/f-link"
	ln "$t/a/b/g" "$t/d/g-link"
	ln "$t/a/b/g" "$t/d/g-link2"
	ln -s f "$t/a/sym"
	ln -s ../d "$t/a/b/dirsym"
	ln -s /nonexistent "$t/a/dangling"
	truncate -s 50M "$t/a/sparse"
	printf 'x' | dd of="$t/a/sparse" bs=1 seek=1000000 conv=notrunc 2>/dev/null
	printf 'spaced\n' >"$t/with space/a file"
	printf 'n\n' >"$t/with space/in side/new
line"
	mkdir "$t/bad-$(printf '\377\376')-utf8"
	printf 'b\n' >"$t/bad-$(printf '\377\376')-utf8/x$(printf '\001')y"
	head -c 30000 /dev/urandom >"$t/var/log/nginx/access.log"
	head -c 20000 /dev/urandom >"$t/var/log/nginx/access.log.1"
	head -c 10000 /dev/urandom >"$t/var/log/nginx/access.log.2.gz"
	head -c 9000 /dev/urandom >"$t/var/log/syslog"
	head -c 70000 /dev/urandom >"$t/var/log/system.journal"
	head -c 40000 /dev/urandom >"$t/docker/containers/abc/abc-json.log"
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		head -c $((i * 1000)) /dev/zero >"$t/deep/1/2/3/f$i"
		mkdir -p "$t/deep/1/x$i/y"
	done
	mkfifo "$t/a/fifo"
	python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$t/a/sock" 2>/dev/null ||
		touch "$t/a/sock"
}
