# bench/: the benchmark suite (make bench, make bench-full).
