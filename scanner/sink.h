/*
 * sink: the one interface between the walkers (walk_par.c, walk_fts.c,
 * through account.c) and what is made of the entries they find
 * (sink_tree.c, sink_rank.c, fmt_ncdu.c).  No walker knows a sink.
 *
 * The walker owns the directory records (struct scan_dir): one per
 * directory, allocated in per-worker arenas, alive until the walk is
 * freed.  For every entry of a directory it reads, the walker calls each
 * sink's entry() with the worker's context for that sink; exactly one
 * worker reads a given directory, so a sink may update the directory it is
 * given without locks.  After the walk, merge() folds each worker's
 * context into the sink, then finish() sees each PATH's finished tree,
 * single-threaded.
 *
 *	struct sink s = { &rank_ops, &rank };
 *	opts.sinks = &s; opts.nsinks = 1;
 *	walk_path(w, "/var", &root);		// entries -> rank_ops.entry
 *	walk_finish(w, &root, 1);		// rank_ops.merge per worker
 *						// (then finish, if any)
 *
 * The directory records form a tree; sink.c walks it (tree_path,
 * tree_postorder, du's order) for the walkers, the sinks and the report
 * writers alike.
 */
#ifndef HR_SINK_H
#define HR_SINK_H

#include <stddef.h>
#include <stdint.h>

enum scan_dir_flags {
	SCAN_DIR_READERR = 1 << 0, /* the directory could not be read */
	SCAN_DIR_SUBERR = 1 << 1,  /* some entry below could not be read */
};

/*
 * A directory, about 110 bytes with its name.  The walker fills the
 * identity fields; the tree sink (sink_tree.c) adds the directory's own
 * inode and its non-directory entries to disk, size, files and errors as
 * they are read, and each subtree once the walk is over (its finish()).
 * Subdirectories are listed in readdir order once their parent is read.
 */
struct scan_dir {
	struct scan_dir *parent; /* NULL for a PATH argument */
	struct scan_dir *child;  /* first subdirectory, in readdir order */
	struct scan_dir *next;   /* next sibling, in readdir order */
	uint64_t dev;
	uint64_t disk, size, files; /* own, then cumulative (tree_sum) */
	uint32_t dirs;              /* cumulative, itself included */
	uint32_t errors;            /* own, then cumulative */
	uint32_t depth;             /* 0 for a PATH argument */
	uint32_t index;             /* position in the parent's listing */
	uint16_t flags;             /* enum scan_dir_flags */
	uint16_t where; /* enum kind_where, by its real absolute path */
	uint32_t namelen;
	char name[]; /* the PATH itself at depth 0, else one component */
};

enum scan_entry_flags {
	SCAN_ENT_DUP = 1 << 0,      /* not counted here: a hard link */
	SCAN_ENT_EXCLUDED = 1 << 1, /* matched --exclude; not stat'ed */
	SCAN_ENT_OTHERFS = 1 << 2,  /* on another file system under -x */
	SCAN_ENT_LATE = 1 << 3,     /* a hard link counted after the walk */
	SCAN_ENT_KERNFS = 1 << 4,   /* a kernel file system (/proc): skipped */
};
/* Entries that are not counted. */
#define SCAN_ENT_UNCOUNTED                                                     \
	(SCAN_ENT_DUP | SCAN_ENT_EXCLUDED | SCAN_ENT_OTHERFS | SCAN_ENT_KERNFS)

/*
 * One entry as a walker saw it.  Directories that are walked are not
 * passed as entries (they get a struct scan_dir instead); excluded,
 * other-file-system, kernel-file-system and duplicate directories are.
 * When err is not 0 the stat failed and only name is meaningful.  A PATH
 * that is not a directory is passed once, with no directory (dir NULL),
 * its name the PATH as given and where the kinds of its directory.
 */
struct scan_entry {
	const char *name; /* borrowed, one component */
	size_t namelen;
	uint32_t mode, nlink;
	uint64_t dev, ino;
	uint64_t size, disk; /* st_size, st_blocks * 512 */
	int64_t mtime;
	uint32_t index; /* position in its directory's listing */
	int err;
	unsigned flags; /* enum scan_entry_flags */
	unsigned where; /* with dir NULL: enum kind_where of its directory */
};

/* Every operation but entry() may be NULL: the sink has no use for it. */
struct sink_ops {
	/*
	 * A new per-worker context; called once per worker before the walk.
	 * NULL: every worker's context is NULL.
	 */
	void *(*worker_new)(void *self);
	/*
	 * A new directory record d for the directory entry e (its inode),
	 * on the worker that read its parent (the caller's for a PATH).
	 * May be NULL.
	 */
	void (*dir_new)(
	    void *wctx, struct scan_dir *d, const struct scan_entry *e);
	/*
	 * Bytes of private data the sink keeps with every directory record
	 * (a multiple of 8), found with scan_dir_aux(); one sink of a walk at
	 * most (fmt_ncdu).  0: none.
	 */
	size_t dir_aux;
	/* One entry of dir (NULL: a PATH), on the worker that reads dir. */
	void (*entry)(
	    void *wctx, struct scan_dir *dir, const struct scan_entry *e);
	/* Folds a worker context into self and frees it (single-threaded). */
	void (*merge)(void *self, void *wctx);
	/*
	 * The tree of one PATH that is a directory, every worker merged
	 * (single-threaded, once per PATH, in the order given).
	 */
	void (*finish)(void *self, struct scan_dir *root);
};

struct sink {
	const struct sink_ops *ops;
	void *self;
};

/*
 * The private data of size bytes (its sink's dir_aux) that the walker
 * keeps right before the record d.
 */
static inline void *
scan_dir_aux(const struct scan_dir *d, size_t size)
{
	return (char *)(uintptr_t)d - size;
}

/* Which size counts: disk usage, as du, or st_size (--apparent-size). */
enum scan_measure { MEASURE_DISK, MEASURE_SIZE };

/* disk or size, as m says. */
static inline uint64_t
measure_of(enum scan_measure m, uint64_t disk, uint64_t size)
{
	return m == MEASURE_SIZE ? size : disk;
}

/*
 * a + b, or UINT64_MAX when that overflows: sums of apparent sizes (sparse
 * files of exabytes) saturate as du's do, du then prints "Infinity".
 */
static inline uint64_t
scan_add(uint64_t a, uint64_t b)
{
	return a + b >= a ? a + b : UINT64_MAX;
}

/* The tree of directory records (sink.c). */
struct sbuf;

/*
 * Appends the path of d to sb as du prints it: the PATH argument, then
 * "/" and each component (a PATH that ends in "/" gets no second one).
 */
void tree_path(const struct scan_dir *d, struct sbuf *sb);

/*
 * Appends "/" and name to sb, which holds a directory's path, the way
 * fts joins them (no "/" is added after a path that ends in one).
 */
void tree_join(struct sbuf *sb, const char *name, size_t namelen);

/* Puts d's subdirectories, listed newest first, in readdir order. */
void tree_reverse_children(struct scan_dir *d);

/*
 * Compares two places in du's order (depth-first, each directory in
 * readdir order): entry ia of directory a against entry ib of directory
 * b.  Returns < 0, 0 or > 0.
 */
int tree_order(const struct scan_dir *a, uint32_t ia, const struct scan_dir *b,
    uint32_t ib);

/*
 * Post-order traversal: calls fn(d, arg) for every directory of root with
 * depth <= maxdepth, each after its subdirectories, siblings in readdir
 * order: the order in which du prints them.
 */
void tree_postorder(struct scan_dir *root, uint32_t maxdepth,
    void (*fn)(struct scan_dir *d, void *arg), void *arg);

#endif
