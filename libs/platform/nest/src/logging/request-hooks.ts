import type { Logger } from 'pino';
import type { PlatformFastify } from '../bootstrap/create-platform-app';
import type { MetricsSink } from '../metrics/metrics.service';
import { CORRELATION_HEADER, runWithCorrelationId } from './correlation-context';

/**
 * Per request: echo the correlation id (Fastify's request id, taken from the headers by `correlationIdFrom`),
 * make it current for the handler (`currentCorrelationId()` and every log line), then record duration by route
 * pattern and status and log one line. Probe and scrape traffic is logged at debug only.
 */
export function installRequestHooks(fastify: PlatformFastify, logger: Logger, sink: MetricsSink): void {
  installDrainHooks(fastify);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(CORRELATION_HEADER, request.id);
    done();
  });
  // preHandler runs after the body was read: entering the context here carries it into the Nest handler.
  fastify.addHook('preHandler', (request, _reply, done) => {
    runWithCorrelationId(request.id, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    sink.metrics?.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    const quiet = route.startsWith('/health/') || route === '/metrics' || route.startsWith('/docs');
    const line = {
      correlationId: request.id,
      method: request.method,
      route,
      path: request.url.split('?')[0],
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
    };
    logger[quiet ? 'debug' : 'info'](line, 'request completed');
    done();
  });
}

/**
 * During shutdown, responses to requests still in flight carry `Connection: close`: otherwise the client keeps
 * its keep-alive connection open and closing the server waits for the keep-alive timeout.
 */
function installDrainHooks(fastify: PlatformFastify): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
}
