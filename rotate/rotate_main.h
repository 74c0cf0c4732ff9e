#ifndef HR_ROTATE_MAIN_H
#define HR_ROTATE_MAIN_H

/*
 * headroom rotate, or headroom invoked as logrotate: takes logrotate's
 * command line (argv[0] is "rotate" or the logrotate path) and returns
 * logrotate's exit status (0, 1 error, 2 bad command line, 3 state lock).
 */
int rotate_main(int argc, char **argv);

#endif
