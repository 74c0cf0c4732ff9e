#!/bin/bash
# Stands in for the unit tests when configure did not find cmocka.
. "${top_srcdir:-.}/tests/lib.sh"
skip "cmocka was not found by configure; run ./bootstrap as root to install libcmocka-dev"
