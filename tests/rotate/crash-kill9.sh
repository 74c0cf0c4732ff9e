#!/bin/bash
# kill -9 of headroom rotate at random points, over a matrix of stanza
# kinds (all with compress and a large rotate count):
#	plain      -
#	su         su daemon daemon, create (the logs are daemon's)
#	dateext    dateext, a dateformat to the second
#	olddir     olddir on another file system (a tmpfs), renamecopy
#	copytrunc  copytruncate
#	extension  extension .log, create, delaycompress
#	addext     addextension .log, create
# For each kind, KILLS times: lines are appended to every one of LOGS logs,
# a forced run starts and is killed (SIGKILL) after a random part of the
# time a whole run takes; every other time, the next run is killed too,
# early, while it repairs.  Then a forced run must succeed, and every line
# ever written must be present exactly once across the logs and their
# generations (decompressed), with nothing else left: no temporary file,
# no .backup, no journal.  The figures (kills, repairs, lines checked,
# lines lost) are printed at the end.
# KILLS=N, LOGS=N and KINDS="plain su ..." choose the drill (default 5
# kills of 20 logs for each kind, about 40 s); SEED=N another
# sequence of kill times.
. "$top_srcdir/tests/lib.sh"
require_root
require_cmd gzip
kills=${KILLS:-5}
nlogs=${LOGS:-20}
kinds=${KINDS:-plain su dateext olddir copytrunc extension addext}
RANDOM=${SEED:-42}
chmod 0711 "$T"
mount_tmpfs "$T/xfs" 256m

# setup KIND: the directories, the configuration and who owns what.
setup() {
	local k=$1 d=$T/$1 body i
	mkdir -p "$d/l"
	case $k in
	plain) body="" ;;
	su)
		body=$'\tsu daemon daemon\n\tcreate\n'
		chown daemon:daemon "$d/l"
		;;
	dateext) body=$'\tdateext\n\tdateformat -%Y%m%d-%s\n' ;;
	olddir)
		mkdir -p "$T/xfs/old"
		ln -s "$T/xfs/old" "$d/old"
		body="	olddir $T/xfs/old"$'\n\trenamecopy\n'
		;;
	copytrunc) body=$'\tcopytruncate\n' ;;
	extension) body=$'\textension .log\n\tcreate\n\tdelaycompress\n' ;;
	addext) body=$'\taddextension .log\n\tcreate\n' ;;
	esac
	# The logs by name: a glob would match extension's generations.
	{
		for i in $(seq -w 1 "$nlogs"); do
			printf '%s/l/l%s.log ' "$d" "$i"
		done
		printf '{\n\trotate 1000\n\tcompress\n%s}\n' "$body"
	} >"$d.conf"
	chmod 0644 "$d.conf"
}

# lines KIND RUN: appends three lines to every log.
lines() {
	local i
	for i in $(seq -w 1 "$nlogs"); do
		printf 'log %s run %s line %s\n' "$i" "$2" 1 "$i" "$2" 2 \
		    "$i" "$2" 3 >>"$T/$1/l/l$i.log"
	done
	[ "$1" = su ] && chown daemon:daemon "$T/$1"/l/*.log
	echo "$2" >>"$T/$1.runs"
}

rotate() {
	"$HEADROOM" rotate -f -s "$T/$1.state" "$T/$1.conf" 2>>"$T/$1.err"
}

# ms: the time now in milliseconds.
ms() { echo $(($(date +%s%N) / 1000000)); }

# killed KIND MAX: a run killed after a random 0..MAX milliseconds.
killed() {
	local pid delay=$((RANDOM % ($2 + 1)))
	"$HEADROOM" rotate -f -s "$T/$1.state" "$T/$1.conf" 2>>"$T/$1.err" &
	pid=$!
	sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	nkills=$((nkills + 1))
}

# check KIND: every line once, nothing else left.
check() {
	local k=$1 d=$T/$1 f run i allowed
	for f in "$d"/l/* "$d"/old/*; do
		[ -f "$f" ] || continue
		case $f in
		*.gz) gzip -dc "$f" ;;
		*) cat "$f" ;;
		esac
	done | sort >"$d.seen"
	while read -r run; do
		for i in $(seq -w 1 "$nlogs"); do
			printf 'log %s run %s line %s\n' "$i" "$run" 1 \
			    "$i" "$run" 2 "$i" "$run" 3
		done
	done <"$d.runs" | sort >"$d.want"
	nlines=$((nlines + $(wc -l <"$d.want")))
	nlost=$((nlost + $(comm -23 "$d.want" "$d.seen" | wc -l)))
	cmp -s "$d.seen" "$d.want" || {
		diff "$d.want" "$d.seen" | head -10 >&2
		fail "$k: lines lost or duplicated across the crashes"
	}
	case $k in
	dateext) allowed='l[0-9]+\.log(-[0-9]{8}-[0-9]{10}\.gz)?' ;;
	extension) allowed='l[0-9]+(\.[0-9]+)?\.log(\.gz)?' ;;
	addext) allowed='l[0-9]+(\.[0-9]+\.log\.gz|\.log)' ;;
	olddir) allowed='l[0-9]+\.log' ;;
	*) allowed='l[0-9]+\.log(\.[0-9]+\.gz)?' ;;
	esac
	f=$(ls -A "$d/l" | grep -Ev "^($allowed)\$" | head -3)
	[ -z "$f" ] || fail "$k: left behind: $f"
	if [ "$k" = olddir ]; then
		f=$(ls -A "$d/old/" | grep -Ev '^l[0-9]+\.log\.[0-9]+\.gz$' |
		    head -3)
		[ -z "$f" ] || fail "$k: left behind in the olddir: $f"
	fi
	[ -e "$d.state.journal" ] && fail "$k: the journal was left"
	[ -e "$d.state.tmp" ] && fail "$k: a state temporary file was left"
	return 0
}

nkills=0 nlines=0 nlost=0
for k in $kinds; do
	setup "$k"
	lines "$k" 0
	t0=$(ms)
	rotate "$k" || fail "$k: the first run failed: $(cat "$T/$k.err")"
	dur=$(($(ms) - t0))
	for n in $(seq 1 "$kills"); do
		lines "$k" "$n"
		killed "$k" "$dur"
		# Every other time, kill the repairing run early too.
		[ $((n % 2)) = 0 ] && killed "$k" $((dur / 4))
	done
	[ "$k" = dateext ] && sleep 1 # a new second, a new name
	lines "$k" final
	: >"$T/$k.lasterr"
	"$HEADROOM" rotate -f -s "$T/$k.state" "$T/$k.conf" \
	    2>"$T/$k.lasterr" || {
		cat "$T/$k.lasterr" >&2
		fail "$k: the run after the crashes failed"
	}
	cat "$T/$k.lasterr" >>"$T/$k.err"
	check "$k"
done
nrepairs=$(cat "$T"/*.err | grep -c "interrupted")
echo "$nkills kills, $nrepairs repairs, $nlines lines checked," \
    "$nlost lost (kinds: $kinds; KILLS=$kills LOGS=$nlogs" \
    "SEED=${SEED:-42})"
exit 0
