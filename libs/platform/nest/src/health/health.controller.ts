import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { PLATFORM_OPTIONS, type PlatformModuleOptions } from '../platform.options';
import { HealthRegistry, type HealthReport } from './health.registry';

/** Liveness (the process answers) and readiness (its dependencies answer); no credentials needed. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly registry: HealthRegistry,
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformModuleOptions,
  ) {}

  @Get('live')
  @ApiOkResponse({ description: 'The process is up.' })
  live(): { status: 'ok'; service: string; version: string; uptimeSeconds: number } {
    const { serviceName: service, version } = this.options;
    return { status: 'ok', service, version, uptimeSeconds: Math.round(process.uptime()) };
  }

  @Get('ready')
  @ApiOkResponse({ description: 'Every registered check passed.' })
  @ApiServiceUnavailableResponse({ description: 'At least one check failed; each check has its result and duration.' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: 'ok' | 'fail' } & HealthReport> {
    const report = await this.registry.run();
    reply.status(report.ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).header('Cache-Control', 'no-store');
    return { status: report.ok ? 'ok' : 'fail', ...report };
  }
}
