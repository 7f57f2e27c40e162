import { randomUUID } from 'node:crypto';

/** Fixed AI Core content of the sandbox: one resource group, two scenarios, one deployment. */
export interface AiCoreCatalog {
  resourceGroups: Array<{ resourceGroupId: string; createdAt: string; status: 'PROVISIONED' | 'PROVISIONING' | 'ERROR'; labels: Array<{ key: string; value: string }> }>;
  scenarios: Array<{ id: string; name: string; description: string; createdAt: string; modifiedAt: string; labels: Array<{ key: string; value: string }> }>;
  deployments: Array<Record<string, unknown> & { id: string; scenarioId: string; status: string }>;
}

export function createAiCoreCatalog(aiApiUrl: string): AiCoreCatalog {
  const deploymentId = `d${randomUUID().replace(/-/g, '').slice(0, 15)}`;
  const configurationId = randomUUID();
  return {
    resourceGroups: [{ resourceGroupId: 'default', createdAt: '2024-02-22T17:50:00+00:00', status: 'PROVISIONED', labels: [] }],
    scenarios: [
      {
        id: 'foundation-models',
        name: 'foundation-models',
        description: 'Generative AI hub foundation models (sandbox)',
        createdAt: '2024-02-22T17:57:23+00:00',
        modifiedAt: '2024-02-22T17:57:23+00:00',
        labels: [{ key: 'scenarios.ai.sap.com/llm', value: 'true' }],
      },
      {
        id: 'orchestration',
        name: 'orchestration',
        description: 'Orchestration (sandbox)',
        createdAt: '2024-05-06T08:00:00+00:00',
        modifiedAt: '2024-05-06T08:00:00+00:00',
        labels: [],
      },
    ],
    deployments: [
      {
        id: deploymentId,
        deploymentUrl: `${aiApiUrl}/v2/inference/deployments/${deploymentId}`,
        configurationId,
        configurationName: 'sandbox-gpt-config',
        scenarioId: 'foundation-models',
        status: 'RUNNING',
        targetStatus: 'RUNNING',
        lastOperation: 'CREATE',
        latestRunningConfigurationId: configurationId,
        ttl: null,
        createdAt: '2024-03-01T10:00:00Z',
        modifiedAt: '2024-03-01T10:05:00Z',
        submissionTime: '2024-03-01T10:00:05Z',
        startTime: '2024-03-01T10:03:00Z',
      },
    ],
  };
}
