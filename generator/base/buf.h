/*
 * buf: the one growable byte buffer.
 *
 * Invariants: data is never NULL and always NUL-terminated; len excludes the
 * terminator.  A zero-initialised buffer (BUF_INIT) is valid and empty.
 * Allocation failure exits (see mem.h).
 */
#ifndef QBOOK_BUF_H
#define QBOOK_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;	/* bytes, NUL-terminated; points at a static "" until first growth */
	size_t	 len;	/* bytes in use, excluding the NUL */
	size_t	 cap;	/* allocated bytes (0 while data is the static "") */
};

extern char buf_empty[];
#define BUF_INIT { buf_empty, 0, 0 }

void	 buf_init(struct buf *b);
/* Ensure room for extra more bytes plus the NUL. */
void	 buf_grow(struct buf *b, size_t extra);
void	 buf_add(struct buf *b, const void *p, size_t n);
void	 buf_adds(struct buf *b, const char *s);
void	 buf_addc(struct buf *b, char c);
/* s as the inside of a JSON string (quotes, backslashes and control
 * characters escaped; other bytes, UTF-8 included, as they are). */
void	 buf_add_json(struct buf *b, const char *s);
void	 buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));
void	 buf_truncate(struct buf *b, size_t len);
void	 buf_reset(struct buf *b);		/* len = 0, memory kept */
/* Frees the memory; b is then BUF_INIT again. */
void	 buf_release(struct buf *b);
/* Hands the bytes to the caller (free() them); b is then BUF_INIT. */
char	*buf_detach(struct buf *b, size_t *len);

/*
 * Parts: byte strings packed one after another into a buffer, each as its
 * length (8 bytes) and then its bytes, so that a buffer carries several
 * results between processes.  buf_take_part reads the part at *pos (then
 * moves *pos past it): its bytes at *p, *len of them.  Returns 0, or -1
 * when b holds no whole part there.
 */
void	 buf_add_part(struct buf *b, const void *p, size_t len);
int	 buf_take_part(const struct buf *b, size_t *pos, const char **p, size_t *len);

#endif
