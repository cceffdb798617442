import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { PlatformFastify } from './create-platform-app';

export interface OpenApiOptions {
  title: string;
  description: string;
  version: string;
}

/** Serves the OpenAPI document at `/docs/json` and Swagger UI at `/docs`, both without credentials. */
export function setupOpenApi(app: NestFastifyApplication, options: OpenApiOptions): void {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion(options.version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A person token (JWT) or a connector key (csk_...)' })
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // ui: false because Nest serves the UI assets through @fastify/static, which we do not ship; see serveSwaggerUi.
  SwaggerModule.setup('docs', app, document, { ui: false, raw: ['json'], jsonDocumentUrl: 'docs/json' });
  serveSwaggerUi(app.getHttpAdapter().getInstance(), options.title);
}

const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const INIT_SCRIPT = `window.onload = function () {
  window.ui = SwaggerUIBundle({ url: '/docs/json', dom_id: '#swagger-ui', persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });
};
`;

function serveSwaggerUi(fastify: PlatformFastify, title: string): void {
  const assetsDir = swaggerUiDistDir();
  const html = swaggerHtml(title);
  fastify.get('/docs', (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
  fastify.get('/docs/swagger-init.js', (_request, reply) => reply.type('application/javascript; charset=utf-8').send(INIT_SCRIPT));
  fastify.get<{ Params: { asset: string } }>('/docs/:asset', (request, reply) => {
    const type = ASSETS[request.params.asset];
    if (!type) return reply.callNotFound();
    return reply
      .type(type)
      .header('Cache-Control', 'public, max-age=86400')
      .send(createReadStream(join(assetsDir, request.params.asset)));
  });
}

/** swagger-ui-dist ships with @nestjs/swagger; resolve it from there rather than relying on hoisting. */
function swaggerUiDistDir(): string {
  const from = dirname(require.resolve('@nestjs/swagger'));
  return dirname(require.resolve('swagger-ui-dist/package.json', { paths: [from] }));
}

function swaggerHtml(title: string): string {
  const safeTitle = title.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${safeTitle}</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/swagger-init.js"></script>
</body>
</html>
`;
}
