/*
 * reclaim_deleted: who must let go of a deleted file, and how.
 *
 * Each holder of a deleted file is turned into a "releaser": nginx's
 * master (found by climbing the parents while they are nginx), whose
 * SIGUSR1 makes every worker reopen its logs; the systemd service the
 * process runs in (the last ".service" of its cgroup, outside
 * user.slice), which a restart makes let go; or the process itself,
 * whose descriptor can be truncated.  Files with the same releasers
 * become one item, whose command is every releaser's.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/quote.h"
#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "scanner/reclaim_deleted.h"

#define MAX_RELEASERS 8
#define NGINX_CLIMB 8

enum rel_type { REL_NGINX, REL_UNIT, REL_PID };

struct releaser {
	enum rel_type type;
	int pid;        /* nginx's master, or the process */
	char name[256]; /* the unit, or the command name */
};

/* One file and who must let go of it. */
struct held {
	const struct deleted_file *f;
	struct releaser rel[MAX_RELEASERS];
	size_t nrel;
	char key[600]; /* the releasers, for grouping */
};

/* Reads /proc/PID/name into buf, as deleted_read_proc does. */
static size_t
read_proc(const char *proc, int pid, const char *name, char *buf, size_t size)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%d/%s", proc, pid, name);
	return deleted_read_proc(AT_FDCWD, path, buf, size);
}

/* The parent of pid, from /proc/PID/stat ("pid (comm) S ppid ..."). */
static int
parent_of(const char *proc, int pid)
{
	char buf[512], *p;
	int ppid;

	read_proc(proc, pid, "stat", buf, sizeof(buf));
	p = strrchr(buf, ')');
	if (p == NULL || sscanf(p + 1, " %*c %d", &ppid) != 1)
		return -1;
	return ppid;
}

static int
is_comm(const char *proc, int pid, const char *want)
{
	char buf[64];

	read_proc(proc, pid, "comm", buf, sizeof(buf));
	buf[strcspn(buf, "\n")] = '\0';
	return strcmp(buf, want) == 0;
}

/*
 * The system service of pid from its cgroup ("0::/system.slice/x.service"
 * or a v1 "N:name=systemd:/system.slice/x.service" line) into unit.
 */
static int
unit_of(const char *proc, int pid, char *unit, size_t size)
{
	char buf[4096], *line, *save = NULL, *save2, *path, *c;
	char *found = NULL;
	size_t n;

	read_proc(proc, pid, "cgroup", buf, sizeof(buf));
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		path = strchr(line, ':');
		path = path ? strchr(path + 1, ':') : NULL;
		if (path == NULL || strstr(path, "/user.slice") != NULL)
			continue;
		for (c = strtok_r(path + 1, "/", &save2); c != NULL;
		     c = strtok_r(NULL, "/", &save2)) {
			n = strlen(c);
			if (n > 8 && strcmp(c + n - 8, ".service") == 0)
				found = c;
		}
		if (found != NULL)
			break;
	}
	if (found == NULL || strlen(found) >= size)
		return 0;
	strcpy(unit, found);
	return 1;
}

static struct releaser
releaser_of(const char *proc, const struct deleted_holder *h)
{
	struct releaser r = { REL_PID, h->pid, "" };
	int pid = h->pid, up, i;

	snprintf(r.name, sizeof(r.name), "%s", h->comm);
	if (strcmp(h->comm, "nginx") == 0) {
		for (i = 0; i < NGINX_CLIMB; i++) {
			up = parent_of(proc, pid);
			if (up <= 1 || !is_comm(proc, up, "nginx"))
				break;
			pid = up;
		}
		r.type = REL_NGINX;
		r.pid = pid;
		return r;
	}
	if (unit_of(proc, h->pid, r.name, sizeof(r.name)))
		r.type = REL_UNIT;
	return r;
}

static int
same(const struct releaser *a, const struct releaser *b)
{
	if (a->type != b->type)
		return 0;
	return a->type == REL_UNIT ? strcmp(a->name, b->name) == 0
	                           : a->pid == b->pid;
}

static int
cmp_releaser(const void *pa, const void *pb)
{
	const struct releaser *a = pa, *b = pb;

	if (a->type != b->type)
		return (int)a->type - (int)b->type;
	if (a->type == REL_UNIT)
		return strcmp(a->name, b->name);
	return (a->pid > b->pid) - (a->pid < b->pid);
}

static void
find_releasers(struct held *h, const char *proc)
{
	size_t i, j;

	for (i = 0; i < h->f->nholders && h->nrel < MAX_RELEASERS; i++) {
		struct releaser r = releaser_of(proc, &h->f->holders[i]);

		for (j = 0; j < h->nrel && !same(&h->rel[j], &r); j++)
			;
		if (j == h->nrel)
			h->rel[h->nrel++] = r;
	}
	qsort(h->rel, h->nrel, sizeof(h->rel[0]), cmp_releaser);
	for (i = 0; i < h->nrel; i++) {
		size_t n = strlen(h->key);

		snprintf(h->key + n, sizeof(h->key) - n, "%d:%d:%s;",
		    (int)h->rel[i].type,
		    h->rel[i].type == REL_UNIT ? 0 : h->rel[i].pid,
		    h->rel[i].type == REL_UNIT ? h->rel[i].name : "");
	}
}

static int
cmp_held(const void *pa, const void *pb)
{
	const struct held *a = pa, *b = pb;

	return strcmp(a->key, b->key);
}

static void
describe(struct sbuf *sb, const struct releaser *r)
{
	switch (r->type) {
	case REL_NGINX:
		sbuf_addf(sb, "nginx (master pid %d)", r->pid);
		break;
	case REL_UNIT:
		quote_add(sb, r->name, strlen(r->name), QUOTE_IF_NEEDED);
		break;
	case REL_PID:
		sbuf_addf(sb, "pid %d (", r->pid);
		quote_add(sb, r->name, strlen(r->name), QUOTE_IF_NEEDED);
		sbuf_addch(sb, ')');
		break;
	}
}

/* ": > /proc/PID/fd/N" for each file of the group the process holds. */
static void
truncations(
    struct sbuf *cmd, const struct held *v, size_t n, int pid, int *mapped)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < v[i].f->nholders; j++) {
			const struct deleted_holder *h = &v[i].f->holders[j];

			if (h->pid != pid)
				continue;
			if (h->fd < 0) {
				*mapped = 1;
				continue;
			}
			sbuf_addf(cmd, "%s: > /proc/%d/fd/%d",
			    cmd->len ? "; " : "", pid, h->fd);
		}
}

static void
risk_of(struct sbuf *risk, const struct releaser *r, int mapped)
{
	if (risk->len > 0)
		sbuf_adds(risk, "; ");
	switch (r->type) {
	case REL_NGINX:
		sbuf_adds(risk, "none: nginx reopens its log files");
		break;
	case REL_UNIT:
		sbuf_addf(risk, "the restart interrupts %s", r->name);
		break;
	case REL_PID:
		if (mapped)
			sbuf_addf(risk,
			    "pid %d only maps a file: it is freed when the "
			    "process exits",
			    r->pid);
		else
			sbuf_addf(risk,
			    "truncation destroys what pid %d wrote, and a "
			    "writer without O_APPEND goes on at its old "
			    "offset (a sparse file)",
			    r->pid);
		break;
	}
}

/* One item for the n files of v, which have the same releasers. */
static void
group_item(struct reclaim_list *l, const struct held *v, size_t n)
{
	struct sbuf what = SBUF_INIT, cmd = SBUF_INIT, risk = SBUF_INIT;
	uint64_t disk = 0;
	struct reclaim_item *it;
	size_t i;
	int mapped;

	for (i = 0; i < n; i++)
		disk += v[i].f->disk;
	sbuf_adds(&what, "deleted files held open by ");
	for (i = 0; i < v->nrel; i++) {
		const struct releaser *r = &v->rel[i];

		if (i > 0)
			sbuf_adds(&what, " and ");
		describe(&what, r);
		mapped = 0;
		if (r->type == REL_PID) {
			truncations(&cmd, v, n, r->pid, &mapped);
		} else {
			sbuf_addf(&cmd, "%s%s ", cmd.len ? "; " : "",
			    r->type == REL_NGINX ? "kill -USR1"
			                         : "systemctl restart");
			if (r->type == REL_NGINX)
				sbuf_addf(&cmd, "%d", r->pid);
			else
				quote_add(&cmd, r->name, strlen(r->name),
				    QUOTE_SHELL);
		}
		risk_of(&risk, r, mapped);
	}
	sbuf_addf(&what, ": %zu %s", n, n == 1 ? "file" : "files");
	it = reclaim_add(l, RECLAIM_DELETED, disk, n == 1 ? v->f->path : "");
	it->what = sbuf_detach(&what);
	it->command = sbuf_detach(&cmd);
	it->risk = sbuf_detach(&risk);
}

void
reclaim_deleted(
    struct reclaim_list *l, const struct deleted_report *d, const char *proc)
{
	struct held *v = xcalloc(d->nfiles ? d->nfiles : 1, sizeof(*v));
	size_t n = 0, i, j;

	for (i = 0; i < d->nfiles; i++) {
		if (d->files[i].disk == 0 || d->files[i].nholders == 0)
			continue;
		v[n].f = &d->files[i];
		find_releasers(&v[n++], proc);
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_held);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(v[j].key, v[i].key) == 0; j++)
			;
		group_item(l, v + i, j - i);
	}
	free(v);
}
