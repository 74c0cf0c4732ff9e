# tests/docs/truth.pl: what the documents and comments say, checked
# against the tree.  Run by tests/docs/truth.sh:
#
#	perl truth.pl SRCDIR NAMES ALLOW
#
# SRCDIR is the top of the source tree; NAMES lists, one per line, the
# functions outside the tree (libc, POSIX, logrotate's source) that a
# comment or a document may name; ALLOW lists known false spots as
# "FILE<TAB>KIND<TAB>WHAT", each of which must still be found (so the list
# only ever shrinks).  Prints one line per problem, "FILE:LINE: KIND:
# WHAT: why", and exits 1 if there is any.  The checks:
#
#  name     every `name()` in a C comment or a document, every
#           `snake_name(args)` and every snake_case word in a C comment,
#           is something the tree defines or calls (or is in NAMES);
#  outside  nothing points at documents outside the repository;
#  section  every "reference N.N" or "§N.N" is a numbered heading of
#           docs/logrotate-compat.md;
#  path     every file a document names (`rotate/exec.c`, `exec.c`,
#           `tests/lib.sh`) exists, or is built from a file that does
#           (in a git checkout only: a tarball holds part of the tree);
#  command  HACKING.md's shell blocks parse (bash -n), and every test it
#           runs with `make check TESTS=...` is listed in a local.mk.
use strict;
use warnings;

my ($top, $names_file, $allow_file) = @ARGV;
chdir $top or die "truth.pl: cannot enter $top: $!\n";

# The files of the tree: git's list in a clone, else (a tarball, maybe
# configured in place) every file but build directories and test output.
my $git = 0;
sub tree_files {
	if (-e '.git' && open(my $g, '-|', 'git ls-files -z -co --exclude-standard 2>/dev/null')) {
		local $/ = "\0";
		my @f = map { chomp; $_ } <$g>;
		if (close($g) && @f) {
			$git = 1;
			return grep { -f && !/\.(log|trs)$/ } @f;
		}
	}
	my @f;
	my @dirs = ('.');
	while (defined(my $d = shift @dirs)) {
		opendir(my $dh, $d) or next;
		for my $e (sort readdir $dh) {
			next if $e eq '.' || $e eq '..' || $e eq '.git';
			my $p = $d eq '.' ? $e : "$d/$e";
			next if -l $p;
			if (-d $p) {
				next if $e =~ /^_|^autom4te\.cache$|^\.deps$/;
				next if -e "$p/config.status";
				push @dirs, $p;
			} elsif ($e !~ /\.(log|trs|o|a)$/) {
				push @f, $p;
			}
		}
	}
	return @f;
}

sub slurp {
	open(my $fh, '<', $_[0]) or die "truth.pl: cannot read $_[0]: $!\n";
	local $/;
	my $s = <$fh>;
	return defined $s ? $s : '';
}

my @files = tree_files();
my %exists = map { $_ => 1 } @files;
my %base;
for (@files) { (my $b = $_) =~ s{.*/}{}; $base{$b} = 1 }
my @cfiles = grep { /\.[ch]$/ } @files;
my @docs = grep { m{^docs/.*\.md$} || $_ eq 'README.md' || $_ eq 'HACKING.md' }
    @files;

# Splits C source into code (comments and literals blanked, lines kept)
# and a list of [line, text] comments.
sub split_c {
	my ($src) = @_;
	my ($code, $strings, @comments) = ('', '');
	my $line = 1;
	while ($src =~ m{\G(/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|[^/"']+|.)}gs) {
		my $t = $1;
		if ($t =~ m{^/[*/]}) {
			push @comments, [$line, $t];
			(my $nl = $t) =~ s/[^\n]//g;
			$code .= " $nl";
		} elsif ($t =~ /^["']/) {
			$code .= '""';
			$strings .= " $t";
		} else {
			$code .= $t;
		}
		$line += ($t =~ tr/\n//);
	}
	return ($code, $strings, \@comments);
}

# What the tree knows: every identifier of the C code (defined, called,
# declared, a field, a macro), and the shell functions of the scripts.
my (%ident, %callable, %comments);
for my $f (@cfiles) {
	my ($code, $strings, $c) = split_c(slurp($f));
	$comments{$f} = $c;
	$ident{$_} = 1 for "$code $strings" =~ /\b([A-Za-z_]\w*)/g;
	$callable{$_} = 1 for $code =~ /\b([A-Za-z_]\w*)\s*\(/g;
	$callable{$_} = 1 for $code =~ /\(\s*\*\s*(\w+)\s*\)\s*\(/g;
	$callable{$_} = 1 for $code =~ /^\s*#\s*define\s+(\w+)/mg;
}
# A module's name is its file's: conf_lex, unit_util, test_exec.
for (@files) { $ident{$1} = 1 if m{(?:^|/)(\w+)\.[ch]$} }
for my $f (grep { /\.sh$/ } @files) {
	my $s = slurp($f);
	$callable{$_} = $ident{$_} = 1 for $s =~ /^\s*(\w+)\s*\(\)\s*\{/mg;
}
for (split /\n/, slurp($names_file)) {
	s/#.*//;
	s/\s+//g;
	s/\(\)$//;
	$callable{$_} = $ident{$_} = 1 if length;
}

my (%allow, %used, @problems);
for (split /\n/, slurp($allow_file)) {
	next if /^\s*(#|$)/;
	my ($file, $kind, $what) = split /\t/, $_, 3;
	die "truth.pl: $allow_file: bad line '$_'\n" unless defined $what;
	$allow{"$file\t$kind\t$what"} = 1;
}

sub problem {
	my ($file, $line, $kind, $what, $why) = @_;
	my $key = "$file\t$kind\t$what";
	if ($allow{$key}) {
		$used{$key} = 1;
		return;
	}
	push @problems, "$file:$line: $kind: $what: $why";
}

sub line_of {
	my ($text, $pos) = @_;
	return 1 + (substr($text, 0, $pos) =~ tr/\n//);
}

# name: `name()` everywhere it is written, snake_case words in comments.
for my $f (@cfiles) {
	for (@{$comments{$f}}) {
		my ($l0, $t) = @$_;
		my %seen;
		while ($t =~ /\b([A-Za-z_]\w*\(\)|[a-z]\w*_\w*\((?!\d\)))/g) {
			(my $n = $1) =~ s/\(\)?$//;
			next if $callable{$n} || $seen{$n}++;
			problem($f, $l0 + line_of($t, pos($t)) - 1, 'name', "$n()",
			    'no such function or macro in the tree');
		}
		while ($t =~ /(?<![\w.\/-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b(?![.\/-])/g) {
			my $n = $1;
			next if $ident{$n} || $seen{$n}++;
			problem($f, $l0 + line_of($t, pos($t)) - 1, 'name', $n,
			    'no such identifier in the tree');
		}
	}
}
for my $f (@docs) {
	my $t = slurp($f);
	my %seen;
	while ($t =~ /\b([A-Za-z_]\w*)\(\)/g) {
		my $n = $1;
		next if $callable{$n} || $seen{$n}++;
		problem($f, line_of($t, pos($t)), 'name', "$n()",
		    'no such function or macro in the tree');
	}
}

# outside: the documents that used to live beside the repository.  The
# names are spelt in pieces so that this file does not name them.
my @outside = ('\.\./' . 'shared', 'DESIGN' . '\.md', 'scanner-' . 'notes',
    'logrotate-' . 'reference');
my $outside = join '|', @outside;
my $allow_base = $allow_file =~ s{.*/}{}r;
for my $f (@files) {
	next if $f =~ m{(^|/)\Q$allow_base\E$};
	next if -B $f;
	my $t = slurp($f);
	while ($t =~ /($outside)/g) {
		problem($f, line_of($t, pos($t)), 'outside', $1,
		    'names a document outside the repository');
	}
}

# section: citations of docs/logrotate-compat.md.
my %section;
for (split /\n/, slurp('docs/logrotate-compat.md')) {
	$section{$1} = 1 if /^#{2,}\s+(\d+(?:\.\d+)*)\.?\s/;
}
for my $f (grep { /\.(c|h|md|sh)$/ } @files) {
	next if -B $f;
	my $t = slurp($f);
	# Joins comment lines: " * ", "# " and "// " leaders become a space.
	my $flat = $t =~ s{\n[ \t]*(?:\*(?!/)|#|//)?[ \t]*}{\n}gr;
	my @lines = split /\n/, $flat, -1;
	my $j = join ' ', @lines;
	my @starts;
	my $o = 0;
	for (@lines) { push @starts, $o; $o += length($_) + 1 }
	while ($j =~ /(?:\breference|§)\s*(\d+(?:\.\d+)*(?:\s*(?:,|-|–|to|and)\s*\d+(?:\.\d+)*)*)/g) {
		my ($list, $at) = ($1, $-[0]);
		my $line = 1;
		$line++ while $line < @starts && $starts[$line] <= $at;
		for my $n ($list =~ /(\d+(?:\.\d+)*)/g) {
			next if $section{$n};
			problem($f, $line, 'section', $n,
			    'no such section in docs/logrotate-compat.md');
		}
	}
}

# The build rules: what they name is built (lib/libhr.a, config.h).
my $mk = join "\n", map { slurp($_) }
    grep { /(^|\/)(local\.mk|Makefile\.am|configure\.ac)$/ } @files;
my %built = map { $_ => 1 } $mk =~ /([\w.\/-]+)/g;

# path: files the documents name.  A path counts when it exists, or when
# it is built from one (tests/unit/test_pool from test_pool.c, a test's
# .log from the test); `<name>` and globs are templates, not paths.
my $top_dirs = join '|', map { quotemeta } qw(lib rotate scanner bench tests
    dist debian man docs conf.d m4 .ci);
sub names_file {
	my ($p) = @_;
	$p =~ s{^\./}{};
	$p =~ s{/$}{};
	return 1 if $exists{$p} || $built{$p} || -e $p;
	return 1 if grep { -e "$p$_" } ('.c', '.sh', '.in');
	(my $stem = $p) =~ s/\.(log|trs)$//;
	return 1 if $stem ne $p && grep { -e "$stem$_" } ('', '.c', '.sh');
	return 0;
}
# A tarball holds only part of the tree (not bench/charts/, say), so the
# documents' paths are checked in a git checkout only.
for my $f ($git ? @docs : ()) {
	my $t = slurp($f);
	my %seen;
	while ($t =~ /`([^`\n]+)`/g) {
		my ($span, $end) = ($1, pos($t));
		for my $w (split /[\s'"=(),;:]+/, $span) {
			next if $w =~ /[<>*?{}\$]|^-/ || $seen{$w};
			my $bad;
			if ($w =~ m{^(?:$top_dirs)/}) {
				$bad = !names_file($w);
			} elsif ($w =~ m{^[\w.-]+\.(?:c|h|sh|mk|md)$}) {
				$bad = !$base{$w} && !$built{$w};
			} else {
				next;
			}
			$seen{$w} = 1;
			problem($f, line_of($t, $end), 'path', $w,
			    'no such file in the tree') if $bad;
		}
	}
}

# command: HACKING.md's shell blocks and its `make check TESTS=...`.
my $hacking = slurp('HACKING.md');
while ($hacking =~ /^([ \t]*)```(?:sh|bash)\n(.*?)^\1```/msg) {
	my ($ind, $body, $at) = ($1, $2, $-[2]);
	$body =~ s/^\Q$ind\E//mg;
	open(my $sh, '|-', 'bash -n') or die "truth.pl: bash: $!\n";
	print $sh $body;
	next if close($sh);
	problem('HACKING.md', line_of($hacking, $at), 'command', 'sh block',
	    'bash -n rejects it');
}
while ($hacking =~ /make check TESTS=('[^']*'|\S*)/g) {
	(my $list = $1) =~ s/'//g;
	$list =~ s/`.*//;
	for my $test (split ' ', $list) {
		next if $mk =~ /^(?:[^#\n]*[=\s\\])?\Q$test\E(?:\s|\\|$)/m &&
		    names_file($test);
		problem('HACKING.md', line_of($hacking, pos($hacking)), 'command',
		    $test, 'not a test of any local.mk');
	}
}

for (sort keys %allow) {
	next if $used{$_} || (!$git && /^[^\t]*\tpath\t/);
	push @problems, "tests/docs/$allow_base: '" . s/\t/ /gr .
	    "' is no longer found: remove it from the list";
}
print "$_\n" for @problems;
exit(@problems ? 1 : 0);
