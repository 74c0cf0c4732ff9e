#ifndef HR_SCAN_MAIN_H
#define HR_SCAN_MAIN_H

/*
 * headroom scan: argv[0] is "scan"; returns the exit status (0 all read,
 * 1 some entries unreadable, 2 usage or fatal error, 3 below --min-free).
 */
int scan_main(int argc, char **argv);

#endif
