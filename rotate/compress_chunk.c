/*
 * compress_chunk.c: one file on every core.  The calling thread (the
 * "owner") reads the input in chunks, and each chunk becomes an
 * independent piece (for gzip, a member), so chunks can be compressed
 * in any order by any thread; the owner writes the pieces in input
 * order.
 *
 * Design: a ring of slots, each holding one chunk on its way through
 * FREE -> READY (read) -> BUSY (being compressed) -> DONE -> written ->
 * FREE.  The owner, in a loop, writes the oldest chunk when it is done,
 * else reads the next chunk if the window allows, else compresses the
 * oldest READY chunk itself, else waits for a helper.  When it has
 * read a chunk, a worker of o->pool is idle and fewer threads than
 * o->cpus work on the file, it submits a helper task, which compresses
 * READY chunks until none is left and then ends; so a file never keeps
 * a worker waiting, and the chunks of several files share the pool's
 * workers with everything else the pool runs (other files' jobs).  The
 * pool has more workers than cores (some wait on the disk); one file
 * never has more threads than cores.  Because the owner compresses
 * whatever no helper has taken, a busy pool (or none) only makes the
 * work serial, never stuck.
 *
 * Memory: the window is COMPRESS_MAX_CHUNKS(h) chunks for h helpers
 * submitted and not finished: 2 with none (one being read, one being
 * compressed), growing only when workers are idle.  A chunk's buffers
 * are its input (COMPRESS_CHUNK) and the codec's bound of its output,
 * of which only the written part is ever touched.
 *
 * Lifetime: a helper task can still be queued when the owner is done
 * (the owner did the last chunks itself).  The shared state is counted
 * (the owner plus every submitted helper) and freed by the last one;
 * the slots' buffers are released by the owner once no helper is inside
 * one (no slot BUSY), and a late helper finds `stop` set and leaves.
 *
 * Samples: a codec with several settings for one format chooses among
 * them on samples of a large input (compress_int.h says which chunks).
 * The owner takes each sample as it reads it: it lets the codec choose
 * and compress that chunk (BUSY meanwhile; helpers go on with the chunks
 * before it), and every chunk read after it gets the chosen setting and
 * the sample's ratio (output over input).  A chunk whose ratio with that
 * setting strays from the sample's by more than 1/DRIFT is other text:
 * the thread that compressed it lets the codec choose again for that
 * chunk alone.  Both depend only on the chunk and on what the owner gave
 * it when it was read, so the output does not depend on which thread
 * did what, or when.
 *
 * Spares: each thread keeps, between files, up to SPARE_BUFS pairs of
 * chunk buffers and one codec state (a pthread key; freed when the
 * thread ends).  Fresh buffers cost a page fault per page: without the
 * spares, a third of the CPU time of rotating 300 logs of 1 MiB went to
 * faulting in new buffers and compressor tables, file after file.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lib/pool.h"
#include "lib/xalloc.h"
#include "rotate/compress.h"
#include "rotate/compress_int.h"

enum slot_state { SLOT_FREE, SLOT_READY, SLOT_BUSY, SLOT_DONE };

struct slot {
	unsigned char *in, *out; /* NULL until first used */
	size_t out_cap;          /* the size of out */
	size_t n_in, n_out;      /* n_out 0 after a failed compression */
	int setting;             /* the codec's, chosen when it was read */
	unsigned ref;            /* the last sample's ratio, 0: none */
	int rechosen;            /* its setting was chosen on itself */
	enum slot_state state;
};

/* ---- a thread's spares ---- */

#define SPARE_BUFS 2

struct spare {
	struct {
		unsigned char *in, *out;
		size_t out_cap;
	} buf[SPARE_BUFS];
	size_t nbuf;
	void *state; /* made by open with key, freed by close */
	void *(*open)(const void *arg);
	void (*close)(void *state);
	int key;
};

static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;
static int spare_ok;

static void
spare_free(void *p)
{
	struct spare *sp = p;
	size_t k;

	for (k = 0; k < sp->nbuf; k++) {
		free(sp->buf[k].in);
		free(sp->buf[k].out);
	}
	if (sp->state)
		sp->close(sp->state);
	free(sp);
}

static void
spare_init(void)
{
	spare_ok = pthread_key_create(&spare_key, spare_free) == 0;
}

/* This thread's spares, or NULL when there can be none. */
static struct spare *
spare_get(void)
{
	struct spare *sp;

	pthread_once(&spare_once, spare_init);
	if (!spare_ok)
		return NULL;
	if ((sp = pthread_getspecific(spare_key)) == NULL) {
		sp = xcalloc(1, sizeof(*sp));
		if (pthread_setspecific(spare_key, sp) != 0) {
			free(sp);
			return NULL;
		}
	}
	return sp;
}

/* A codec state for cc: this thread's spare if it fits, or a new one. */
static void *
state_take(const struct chunk_codec *cc)
{
	struct spare *sp = spare_get();
	void *state;

	if (sp && sp->state && sp->open == cc->open && sp->key == cc->key) {
		state = sp->state;
		sp->state = NULL;
		return state;
	}
	return cc->open(cc->arg);
}

/* Keeps state (may be NULL) as this thread's spare, in place of any. */
static void
state_give(const struct chunk_codec *cc, void *state)
{
	struct spare *sp = spare_get();

	if (state == NULL)
		return;
	if (sp == NULL) {
		cc->close(state);
		return;
	}
	if (sp->state)
		sp->close(sp->state);
	sp->state = state;
	sp->open = cc->open;
	sp->close = cc->close;
	sp->key = cc->key;
}

/* Gives s a chunk's buffers: a spare pair if one is large enough. */
static void
buf_take(struct slot *s, size_t out_cap)
{
	struct spare *sp = spare_get();
	size_t k;

	for (k = 0; sp && k < sp->nbuf; k++) {
		if (sp->buf[k].out_cap < out_cap)
			continue;
		s->in = sp->buf[k].in;
		s->out = sp->buf[k].out;
		s->out_cap = sp->buf[k].out_cap;
		sp->buf[k] = sp->buf[--sp->nbuf];
		return;
	}
	s->in = xmalloc(COMPRESS_CHUNK);
	s->out = xmalloc(out_cap);
	s->out_cap = out_cap;
}

/* Keeps s's buffers as spares, or frees them when there are enough. */
static void
buf_give(struct slot *s)
{
	struct spare *sp = spare_get();

	if (s->in == NULL)
		return;
	if (sp && sp->nbuf < SPARE_BUFS) {
		sp->buf[sp->nbuf].in = s->in;
		sp->buf[sp->nbuf].out = s->out;
		sp->buf[sp->nbuf++].out_cap = s->out_cap;
	} else {
		free(s->in);
		free(s->out);
	}
	s->in = s->out = NULL;
}

/* ---- one file ---- */

struct chunker {
	pthread_mutex_t lock;
	pthread_cond_t done; /* a helper finished a chunk */
	const struct chunk_codec *cc;
	struct pool *pool; /* borrowed, may be NULL */
	struct slot *slots;
	size_t nslots;        /* ring size: COMPRESS_MAX_CHUNKS(pool size) */
	size_t head, tail;    /* chunks written, chunks read */
	unsigned refs;        /* the owner + helper tasks not finished */
	unsigned helpers;     /* helper tasks submitted and not finished */
	unsigned max_helpers; /* compress_opts' cpus, less the owner */
	unsigned queued;      /* of which not started yet */
	int stop;             /* the owner is finishing: helpers leave */
	int setting;          /* the codec's, for the chunks read next */
	unsigned ref;         /* and the ratio of the sample it came from */
	size_t sample_every;  /* chunks between samples; 0: none */
	size_t peak, by_helpers, samples, rechosen;
	unsigned peak_helpers, settings;
};

static struct slot *
slot_at(struct chunker *ch, size_t seq)
{
	return &ch->slots[seq % ch->nslots];
}

/* The oldest READY slot, or NULL.  Lock held. */
static struct slot *
oldest_ready(struct chunker *ch)
{
	size_t k;

	for (k = ch->head; k < ch->tail; k++)
		if (slot_at(ch, k)->state == SLOT_READY)
			return slot_at(ch, k);
	return NULL;
}

/*
 * A sample's ratio, output over input in 1/RATIO_ONE units; never 0 for
 * a sample of any input (0 means "no sample").
 */
#define RATIO_ONE 65536u
#define DRIFT 16

static unsigned
ratio(size_t n_out, size_t n_in)
{
	return n_in ? (unsigned)((double)n_out / (double)n_in * RATIO_ONE) + 1
	            : 1;
}

/* 1 when s's ratio strays from its sample's by more than 1/DRIFT. */
static int
drifted(const struct slot *s)
{
	unsigned r = ratio(s->n_out, s->n_in);
	unsigned d = r > s->ref ? r - s->ref : s->ref - r;

	return s->ref && s->n_out && d > s->ref / DRIFT;
}

/* Compresses s (BUSY, claimed by this thread) with *state. */
static void
squeeze(struct chunker *ch, void **state, struct slot *s)
{
	const struct chunk_codec *cc = ch->cc;

	if (*state == NULL)
		*state = state_take(cc);
	if (*state == NULL) {
		s->n_out = 0;
		return;
	}
	s->n_out = cc->run(
	    *state, cc->arg, s->setting, s->in, s->n_in, s->out, s->out_cap);
	if (drifted(s)) {
		s->setting = cc->choose(*state, cc->arg, s->setting, s->in,
		    s->n_in, s->out, s->out_cap, &s->n_out);
		s->rechosen = 1;
	}
}

/* Drops one reference; the last one frees ch.  Lock held, released. */
static void
unref(struct chunker *ch)
{
	int last = --ch->refs == 0;

	pthread_mutex_unlock(&ch->lock);
	if (!last)
		return;
	pthread_cond_destroy(&ch->done);
	pthread_mutex_destroy(&ch->lock);
	free(ch);
}

/* A pool task: compresses READY chunks of one file until none is left. */
static void
helper(void *arg, void *worker_ctx)
{
	struct chunker *ch = arg;
	void *state = NULL;
	struct slot *s;

	(void)worker_ctx;
	pthread_mutex_lock(&ch->lock);
	ch->queued--;
	while (!ch->stop && (s = oldest_ready(ch)) != NULL) {
		s->state = SLOT_BUSY;
		pthread_mutex_unlock(&ch->lock);
		squeeze(ch, &state, s);
		pthread_mutex_lock(&ch->lock);
		s->state = SLOT_DONE;
		ch->by_helpers++;
		pthread_cond_signal(&ch->done);
	}
	ch->helpers--;
	state_give(ch->cc, state);
	unref(ch);
}

/*
 * Asks for a helper when a worker is idle that no helper of this file
 * already waits for.  Lock held.
 */
static void
ask_help(struct chunker *ch)
{
	if (ch->pool == NULL || ch->helpers >= ch->max_helpers ||
	    COMPRESS_MAX_CHUNKS(ch->helpers + 1) > ch->nslots ||
	    pool_idle(ch->pool) <= ch->queued || oldest_ready(ch) == NULL)
		return;
	if (++ch->helpers > ch->peak_helpers)
		ch->peak_helpers = ch->helpers;
	ch->queued++;
	ch->refs++;
	pool_submit(ch->pool, helper, ch);
}

/* Fills s->in with up to COMPRESS_CHUNK bytes; returns 0 or -1. */
static int
read_chunk(const struct chunk_codec *cc, int fd, struct slot *s,
    const struct compress_opts *o, struct hr_error *err)
{
	ssize_t n = 1;

	if (s->in == NULL)
		buf_take(s, cc->bound(cc->arg, COMPRESS_CHUNK));
	s->n_in = 0;
	while (s->n_in < COMPRESS_CHUNK && n > 0) {
		n = compress_read(
		    fd, s->in + s->n_in, COMPRESS_CHUNK - s->n_in, o, err);
		if (n > 0)
			s->n_in += (size_t)n;
	}
	return n < 0 ? -1 : 0;
}

/* What the owner does next; see the design comment. */
enum step { STEP_WRITE, STEP_READ, STEP_SQUEEZE, STEP_WAIT, STEP_END };

static enum step
next_step(struct chunker *ch, int eof, struct slot **s)
{
	if (ch->head < ch->tail && slot_at(ch, ch->head)->state == SLOT_DONE) {
		*s = slot_at(ch, ch->head);
		return STEP_WRITE;
	}
	if (!eof && ch->tail - ch->head < COMPRESS_MAX_CHUNKS(ch->helpers)) {
		*s = slot_at(ch, ch->tail);
		return STEP_READ;
	}
	if ((*s = oldest_ready(ch)) != NULL)
		return STEP_SQUEEZE;
	return ch->head == ch->tail ? STEP_END : STEP_WAIT;
}

/* Writes the oldest chunk, DONE.  Lock held, released meanwhile. */
static int
owner_write(struct chunker *ch, struct slot *s, int out_fd,
    const struct compress_opts *o, struct hr_error *err)
{
	int ret;

	pthread_mutex_unlock(&ch->lock);
	if (s->n_out == 0)
		ret = hr_error_set(
		    err, ENOMEM, compress_subject(o), 0, "cannot compress");
	else
		ret = compress_write_all(out_fd, s->out, s->n_out, o, err);
	pthread_mutex_lock(&ch->lock);
	if (ret == 0) {
		ch->settings |= 1u << s->setting;
		ch->rechosen += (size_t)s->rechosen;
		s->state = SLOT_FREE;
		ch->head++;
	}
	return ret;
}

/* 1 when chunk seq is a sample on which the codec chooses its setting. */
static int
is_sample(const struct chunker *ch, size_t seq)
{
	return ch->sample_every && seq % ch->sample_every == 0;
}

/*
 * Lets the codec choose its setting on s, just read and BUSY, and
 * compress it (so s ends DONE).  Lock held, released meanwhile.
 */
static void
owner_sample(struct chunker *ch, void **state, struct slot *s)
{
	const struct chunk_codec *cc = ch->cc;
	int setting = ch->setting;

	pthread_mutex_unlock(&ch->lock);
	if (*state == NULL)
		*state = state_take(cc);
	s->n_out = 0;
	if (*state)
		setting = cc->choose(*state, cc->arg, COMPRESS_NO_SETTING,
		    s->in, s->n_in, s->out, s->out_cap, &s->n_out);
	pthread_mutex_lock(&ch->lock);
	ch->setting = s->setting = setting;
	ch->ref = s->n_out ? ratio(s->n_out, s->n_in) : 0;
	ch->samples++;
	s->state = SLOT_DONE;
}

/* Reads the next chunk into s, FREE.  Lock held, released meanwhile. */
static int
owner_read(struct chunker *ch, struct slot *s, int in_fd, int *eof,
    void **state, const struct compress_opts *o, struct hr_error *err)
{
	int ret;

	pthread_mutex_unlock(&ch->lock);
	ret = read_chunk(ch->cc, in_fd, s, o, err);
	pthread_mutex_lock(&ch->lock);
	if (ret < 0)
		return -1;
	*eof = s->n_in < COMPRESS_CHUNK;
	/* An empty input still makes one (empty) piece. */
	if (s->n_in == 0 && ch->tail > 0)
		return 0;
	s->setting = ch->setting;
	s->ref = ch->ref;
	s->rechosen = 0;
	if (is_sample(ch, ch->tail)) {
		s->state = SLOT_BUSY;
		ch->tail++;
		owner_sample(ch, state, s);
	} else {
		s->state = SLOT_READY;
		ch->tail++;
	}
	if (ch->tail - ch->head > ch->peak)
		ch->peak = ch->tail - ch->head;
	ask_help(ch);
	return 0;
}

/* The owner's loop.  Lock held on entry and on return. */
static int
owner_loop(struct chunker *ch, int in_fd, int out_fd, void **state,
    const struct compress_opts *o, struct hr_error *err)
{
	struct slot *s;
	int eof = 0;

	for (;;) {
		switch (next_step(ch, eof, &s)) {
		case STEP_WRITE:
			if (owner_write(ch, s, out_fd, o, err) < 0)
				return -1;
			break;
		case STEP_READ:
			if (owner_read(ch, s, in_fd, &eof, state, o, err) < 0)
				return -1;
			break;
		case STEP_SQUEEZE:
			s->state = SLOT_BUSY;
			pthread_mutex_unlock(&ch->lock);
			squeeze(ch, state, s);
			pthread_mutex_lock(&ch->lock);
			s->state = SLOT_DONE;
			break;
		case STEP_WAIT:
			pthread_cond_wait(&ch->done, &ch->lock);
			break;
		case STEP_END:
			return 0;
		}
	}
}

/* 1 while a helper is inside one of the slots.  Lock held. */
static int
any_busy(struct chunker *ch)
{
	size_t k;

	for (k = ch->head; k < ch->tail; k++)
		if (slot_at(ch, k)->state == SLOT_BUSY)
			return 1;
	return 0;
}

int
compress_chunked(const struct chunk_codec *cc, int in_fd, int out_fd,
    const struct compress_opts *o, struct hr_error *err)
{
	struct chunker *ch = xcalloc(1, sizeof(*ch));
	struct slot *slots;
	struct stat st;
	void *state = NULL;
	size_t k, nslots;
	int ret;

	pthread_mutex_init(&ch->lock, NULL);
	pthread_cond_init(&ch->done, NULL);
	ch->cc = cc;
	ch->pool = o ? o->pool : NULL;
	ch->max_helpers = (o && o->cpus ? o->cpus : pool_cpus()) - 1;
	ch->nslots = COMPRESS_MAX_CHUNKS(ch->pool ? pool_size(ch->pool) : 0);
	ch->slots = xcalloc(ch->nslots, sizeof(*ch->slots));
	ch->setting = cc->setting;
	if (cc->choose && fstat(in_fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > (off_t)COMPRESS_SAMPLE_MIN * COMPRESS_CHUNK)
		ch->sample_every = o && o->sample_every ? o->sample_every
		                                        : COMPRESS_SAMPLE_EVERY;
	ch->refs = 1;
	pthread_mutex_lock(&ch->lock);
	ret = owner_loop(ch, in_fd, out_fd, &state, o, err);
	ch->stop = 1;
	while (any_busy(ch))
		pthread_cond_wait(&ch->done, &ch->lock);
	if (o && o->stats) {
		o->stats->chunks = ch->tail;
		o->stats->peak_chunks = ch->peak;
		o->stats->by_helpers = ch->by_helpers;
		o->stats->peak_helpers = ch->peak_helpers;
		o->stats->samples = ch->samples;
		o->stats->rechosen = ch->rechosen;
		o->stats->settings = ch->settings;
	}
	slots = ch->slots;
	nslots = ch->nslots;
	ch->slots = NULL;
	unref(ch);
	for (k = 0; k < nslots; k++)
		buf_give(&slots[k]);
	free(slots);
	state_give(cc, state);
	return ret;
}
