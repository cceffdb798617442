// Run as a child process by shutdown.int.spec.ts: a service with a slow route and a consumer-like hook, so the
// test can send SIGTERM and watch the order of the shutdown.
import { Controller, Get, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Public } from '../auth/auth.decorators';
import { bootstrapService } from '../bootstrap/bootstrap-service';
import { testServiceConfig } from '../bootstrap/create-test-app';
import { PlatformModule } from '../platform.module';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

@Public()
@Controller('v1/slow')
class SlowController {
  @Get()
  async slow(): Promise<{ done: true }> {
    await sleep(400);
    return { done: true };
  }
}

@Injectable()
class FakeConsumer implements OnApplicationShutdown {
  private readonly logger = new Logger('FakeConsumer');

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log(`consumer stopping (${signal})`);
    await sleep(300);
    this.logger.log('consumer stopped');
  }
}

@Module({
  imports: [PlatformModule.forRoot({ serviceName: 'shutdown-test', version: '0.0.1' })],
  controllers: [SlowController],
  providers: [FakeConsumer],
})
class ShutdownTestModule {}

void bootstrapService({
  module: ShutdownTestModule,
  serviceName: 'shutdown-test',
  config: testServiceConfig({ PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'info' }),
  openApi: { title: 'shutdown test', description: 'child process', version: '0.0.1' },
}).catch(() => process.exit(2));
