import type { openApiDocument } from '@paydesk/contract';

type Document = ReturnType<typeof openApiDocument>;

interface OperationObject {
  summary: string;
  security: unknown[];
  parameters?: { name: string; in: string; required: boolean; description: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const schemaBlock = (schema: unknown) => `<pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre>`;

function operationSection(method: string, path: string, op: OperationObject): string {
  const parameters = op.parameters?.length
    ? `<h4>Parameters</h4><table><thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Description</th></tr></thead><tbody>${op.parameters
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(p.name)}</code>${p.required ? ' (required)' : ''}</td><td>${escapeHtml(p.in)}</td><td>${escapeHtml(p.description)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  const body = op.requestBody
    ? `<h4>Request body (application/json)</h4><details><summary>Schema</summary>${schemaBlock(op.requestBody.content['application/json']?.schema)}</details>`
    : '';
  const responses = Object.entries(op.responses)
    .map(
      ([status, r]) =>
        `<li><strong>${escapeHtml(status)}</strong> ${escapeHtml(r.description)}${
          r.content
            ? `<details><summary>Schema</summary>${schemaBlock(r.content['application/json']?.schema)}</details>`
            : ''
        }</li>`,
    )
    .join('');
  return `<section><h3><code>${escapeHtml(method.toUpperCase())} ${escapeHtml(path)}</code></h3><p>${escapeHtml(op.summary)}${
    op.security.length ? ' Needs an API key.' : ''
  }</p>${parameters}${body}<h4>Responses</h4><ul>${responses}</ul></section>`;
}

/** The OpenAPI document as one page for people: no script, no other file, readable without the console. */
export function renderApiDocs(document: Document): string {
  const sections = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => operationSection(method, path, op as OperationObject)),
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
code, pre { font-family: ui-monospace, monospace; }
pre { background: #f4f4f4; padding: .75rem; overflow-x: auto; font-size: 13px; }
section { border-top: 1px solid #ddd; padding-top: .5rem; }
table { border-collapse: collapse; } th, td { text-align: left; padding: .25rem .75rem .25rem 0; vertical-align: top; }
a { color: #1565c0; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${escapeHtml(document.info.description)}</p>
<p>Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI ${escapeHtml(document.openapi)}).</p>
<h2>Operations</h2>
${sections.join('\n')}
</main>
</body>
</html>
`;
}
