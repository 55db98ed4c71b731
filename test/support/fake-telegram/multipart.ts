/**
 * A small multipart/form-data reader, as lenient as Telegram's: grammY writes
 * `content-disposition:form-data;name="x";filename=a.png` (no spaces, an
 * unquoted filename), which stricter parsers (undici's FormData) refuse.
 */
export interface MultipartPart {
  name: string;
  filename: string | null;
  data: Buffer;
}

export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const boundary = /boundary=("?)([^";]+)\1/i.exec(contentType)?.[2];
  if (!boundary) throw new Error('multipart body without a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    // Each part: CRLF, headers, CRLF CRLF, data, CRLF, then the next delimiter.
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const disposition = /content-disposition:\s*form-data(.*)/i.exec(headers)?.[1] ?? '';
      const name = /;\s*name="([^"]*)"|;\s*name=([^;\s]+)/i.exec(disposition);
      const filename = /;\s*filename="([^"]*)"|;\s*filename=([^;\s]+)/i.exec(disposition);
      if (name) parts.push({ name: name[1] ?? name[2]!, filename: filename ? (filename[1] ?? filename[2]!) : null, data: part.subarray(headerEnd + 4) });
    }
    start = next;
  }
  return parts;
}
