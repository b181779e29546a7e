/*
 * pack: libqpdf's C interface, reading and writing in memory.
 */
#include "pack.h"

#include <string.h>
#include <qpdf/qpdf-c.h>

#include "mem.h"

static int
qpdf_failed(qpdf_data q, char **err)
{
	if (!qpdf_has_error(q))
		return 0;
	*err = xstrdup(qpdf_get_error_full_text(q, qpdf_get_error(q)));
	return 1;
}

int
pack_pdf(struct buf *pdf, char **err)
{
	qpdf_data q = qpdf_init();
	int rc = -1;

	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if ((qpdf_read_memory(q, "guide", pdf->data, pdf->len, NULL), qpdf_failed(q, err)))
		goto done;
	qpdf_init_write_memory(q);
	qpdf_set_object_stream_mode(q, qpdf_o_generate);
	qpdf_set_deterministic_ID(q, QPDF_TRUE);
	qpdf_set_compress_streams(q, QPDF_TRUE);
	/* libharu compressed every stream already: copy them as they are
	 * instead of inflating and deflating each again. */
	qpdf_set_decode_level(q, qpdf_dl_none);
	if ((qpdf_write(q), qpdf_failed(q, err)))
		goto done;
	buf_reset(pdf);
	buf_add(pdf, qpdf_get_buffer(q), qpdf_get_buffer_length(q));
	rc = 0;
done:
	qpdf_cleanup(&q);
	return rc;
}
