/*
 * claims: work shared with a second process (see claims.h).
 */
#include "claims.h"

#include <poll.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fsx.h"

/* No chunk's results are near this large: a longer one is a broken pipe. */
#define CLAIMS_MAX	((uint64_t)1 << 32)

/* The counter is shared between processes: only a lock-free atomic
 * works across a shared mapping. */
_Static_assert(ATOMIC_LONG_LOCK_FREE == 2 && sizeof(size_t) == sizeof(long),
    "claims need a lock-free atomic size_t");

struct claims {
	atomic_size_t	 next;		/* the next chunk to claim */
	size_t		 n;		/* chunks */
};

size_t
claims_chunks(size_t n)
{
	return (n + CLAIMS_CHUNK - 1) / CLAIMS_CHUNK;
}

void
claims_range(size_t k, size_t n, size_t *from, size_t *to)
{
	*from = k * CLAIMS_CHUNK;
	*to = n - *from < CLAIMS_CHUNK ? n : *from + CLAIMS_CHUNK;
}

struct claims *
claims_new(size_t n, size_t min)
{
	struct claims *cl;

	if (n < min)
		return NULL;
	cl = mmap(NULL, sizeof(*cl), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (cl == MAP_FAILED)
		return NULL;
	atomic_init(&cl->next, 0);
	cl->n = n;
	return cl;
}

void
claims_free(struct claims *cl)
{
	if (cl != NULL)
		munmap(cl, sizeof(*cl));
}

static void
make_chunk(const struct claims_work *w, size_t k, struct buf *out)
{
	buf_reset(out);
	w->make(w->ctx, k, out);
}

int
claims_alone(size_t n, const struct claims_work *w)
{
	struct buf b = BUF_INIT;
	int rc = 0, r;

	for (size_t k = 0; k < n; k++) {
		make_chunk(w, k, &b);
		if ((r = w->use(w->ctx, k, &b)) == CLAIMS_LOST) {
			rc = r;
			break;
		}
		rc |= r;
	}
	buf_release(&b);
	return rc;
}

int
claims_help(struct claims *cl, const struct claims_work *w, int fd)
{
	struct buf b = BUF_INIT;
	size_t k;
	int rc = 0;

	while (rc == 0 && (k = atomic_fetch_add(&cl->next, 1)) < cl->n) {
		uint64_t len;

		make_chunk(w, k, &b);
		len = b.len;
		if (fsx_write_all(fd, &len, sizeof(len)) < 0 ||
		    fsx_write_all(fd, b.data, b.len) < 0)
			rc = -1;
	}
	buf_release(&b);
	return rc;
}

/* The helper's next chunk from fd into b. */
static int
receive_chunk(int fd, struct buf *b)
{
	uint64_t len;

	buf_reset(b);
	if (fsx_read_all(fd, &len, sizeof(len)) < 0 || len > CLAIMS_MAX)
		return -1;
	buf_grow(b, (size_t)len);
	if (fsx_read_all(fd, b->data, (size_t)len) < 0) {
		b->data[0] = '\0';
		return -1;
	}
	b->len = (size_t)len;
	b->data[b->len] = '\0';
	return 0;
}

/* Whether the helper has sent something (or closed its end). */
static int
has_news(int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };

	return poll(&p, 1, 0) > 0;
}

/*
 * want is the next chunk to use.  A chunk below the counter that this
 * process did not claim is the helper's: it is used as it comes, and while
 * nothing comes this process makes a chunk of its own (one at a time) to use
 * when its turn comes.  A chunk at the counter is claimed here.
 */
int
claims_run(struct claims *cl, const struct claims_work *w, int fd)
{
	size_t n = cl->n, want = 0, mine = SIZE_MAX, k;
	struct buf made = BUF_INIT, got = BUF_INIT;
	int rc = 0, r = 0;

	while (want < n && r != CLAIMS_LOST) {
		int theirs = want < atomic_load(&cl->next);

		if (want == mine) {
			r = w->use(w->ctx, want++, &made);
			mine = SIZE_MAX;
		} else if (theirs && (mine != SIZE_MAX || has_news(fd) ||
		    atomic_load(&cl->next) >= n)) {
			r = receive_chunk(fd, &got) < 0 ? CLAIMS_LOST : w->use(w->ctx, want++, &got);
		} else if ((k = atomic_fetch_add(&cl->next, 1)) < n) {
			make_chunk(w, k, &made);
			mine = k;
			r = 0;
		} else
			r = 0;	/* the helper took the last ones meanwhile */
		rc = r == CLAIMS_LOST ? r : rc | r;
	}
	buf_release(&made);
	buf_release(&got);
	return rc;
}
