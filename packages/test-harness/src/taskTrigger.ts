import {
  BackendFeature,
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';

/**
 * A backend module that hands the test a way to run one of a plugin's scheduled tasks now,
 * through the plugin's own scheduler (with startTestBackend's scheduler, `trigger()` resolves
 * when the task has finished).
 */
export function taskTrigger(
  pluginId: string,
  taskId: string,
): { module: BackendFeature; trigger: () => Promise<void> } {
  let run: (() => Promise<void>) | undefined;
  return {
    module: createBackendModule({
      pluginId,
      moduleId: `test-trigger-${taskId}`,
      register(env) {
        env.registerInit({
          deps: { scheduler: coreServices.scheduler },
          async init({ scheduler }) {
            run = () => scheduler.triggerTask(taskId);
          },
        });
      },
    }),
    trigger: async () => {
      if (!run) throw new Error(`The backend has not started ${pluginId}`);
      await run();
    },
  };
}
