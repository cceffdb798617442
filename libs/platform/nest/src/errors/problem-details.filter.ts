import { Catch, Inject, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PLATFORM_OPTIONS, type PlatformModuleOptions } from '../platform.options';
import { RateLimitedError } from './domain-errors';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem-details';

/**
 * The one exception filter (registered globally by `PlatformModule`): every error becomes RFC 9457
 * `application/problem+json`. Unexpected errors are logged with their stack and answered with a generic 500.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(@Inject(PLATFORM_OPTIONS) private readonly options: PlatformModuleOptions) {}

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem = toProblem(error, {
      instance: request.url.split('?')[0] ?? request.url,
      ifMatch: request.headers['if-match'] !== undefined,
      correlationId: request.id,
      errorStatus: this.options.errorStatus,
    });
    if (problem.unexpected) this.logUnexpected(error, request);
    if (reply.sent) return;
    if (problem.status === 401) reply.header('WWW-Authenticate', `Bearer realm="${this.options.serviceName}"`);
    if (error instanceof RateLimitedError) reply.header('Retry-After', String(error.retryAfterSeconds));
    reply.status(problem.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(problem.body);
  }

  private logUnexpected(error: unknown, request: FastifyRequest): void {
    const message = error instanceof Error ? error.message : String(error);
    const stack = error instanceof Error ? error.stack : undefined;
    this.logger.error({ msg: `${request.method} ${request.url} failed: ${message}`, correlationId: request.id, stack });
  }
}
