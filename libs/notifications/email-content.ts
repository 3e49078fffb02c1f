/**
 * Emails in GOV.UK style: plain words, short paragraphs, one clear link, no colour-only meaning; the same
 * content as text and as simple HTML. Pure: no framework, so it is tested fast.
 */
export interface EmailContent {
  readonly subject: string;
  /** Paragraphs of plain text; a paragraph starting "- " lines is a bulleted list. */
  readonly paragraphs: readonly string[];
  /** The one thing to do, e.g. "Download the paper". */
  readonly link?: { readonly text: string; readonly url: string };
  /** A small table, e.g. counts by RAG. */
  readonly table?: { readonly head: readonly string[]; readonly rows: readonly (readonly string[])[] };
}

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function isList(paragraph: string): boolean {
  return paragraph.split('\n').every((line) => line.startsWith('- '));
}

/** Renders `content` with the footer every email carries: why it was sent and where to change settings. */
export function renderEmail(content: EmailContent, settingsUrl: string): RenderedEmail {
  const footerLead =
    'You get this email from CYPP Scorecard because of your role in the partnership. Change which emails you get, or get them as a daily digest';
  const footer = `${footerLead}: ${settingsUrl}`;
  const text = [
    ...content.paragraphs,
    ...(content.table
      ? [[content.table.head.join(' | '), ...content.table.rows.map((row) => row.join(' | '))].join('\n')]
      : []),
    ...(content.link ? [`${content.link.text}:\n${content.link.url}`] : []),
    '---',
    footer,
  ].join('\n\n');
  const font = 'font-family: Arial, sans-serif; font-size: 19px; line-height: 1.3; color: #0b0c0c;';
  const paragraphs = content.paragraphs.map((paragraph) =>
    isList(paragraph)
      ? `<ul style="${font}">${paragraph
          .split('\n')
          .map((line) => `<li>${escapeHtml(line.slice(2))}</li>`)
          .join('')}</ul>`
      : `<p style="${font}">${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`,
  );
  const cell = 'border-bottom: 1px solid #b1b4b6; padding: 8px 16px 8px 0; text-align: left;';
  const table = content.table
    ? `<table style="${font} border-collapse: collapse;"><thead><tr>${content.table.head
        .map((h) => `<th scope="col" style="${cell}">${escapeHtml(h)}</th>`)
        .join('')}</tr></thead><tbody>${content.table.rows
        .map((row) => `<tr>${row.map((c) => `<td style="${cell}">${escapeHtml(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`
    : '';
  const link = content.link
    ? `<p style="${font}"><a href="${escapeHtml(content.link.url)}" style="color: #1d70b8;">${escapeHtml(content.link.text)}</a></p>`
    : '';
  const html = [
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(content.subject)}</title></head><body style="margin: 0; padding: 16px;">`,
    `<p style="${font} font-weight: bold; border-bottom: 10px solid #1d70b8; padding-bottom: 8px;">CYPP Scorecard</p>`,
    ...paragraphs,
    table,
    link,
    `<hr style="border: 0; border-top: 1px solid #b1b4b6;"><p style="font-family: Arial, sans-serif; font-size: 16px; color: #505a5f;">${escapeHtml(footerLead)}: <a href="${escapeHtml(settingsUrl)}" style="color: #1d70b8;">notification settings</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject: content.subject, text, html };
}

/** "1 return", "3 returns". */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}
