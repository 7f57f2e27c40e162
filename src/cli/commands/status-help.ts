/** Help strings shared by `status`, `renew` and `s4 imported`, which all read the inventory and the state database. */
export const inventoryHelp = 'inventory of landscapes (default: $AICORE_MTLS_INVENTORY, else ./aicore-mtls.yaml)';
export const stateHelp = 'state database (default: .aicore-mtls/state.db next to the inventory)';

export const inventoryExample = [
  'Inventory (aicore-mtls.yaml; references only: file paths relative to it, or env:NAME; secrets are rejected):',
  '  version: 1',
  '  landscapes:',
  '    - name: DEV',
  '      destination:',
  '        serviceKey: keys/dev-destination.json     # or env:DEV_DESTINATION_KEY',
  '        certificateName: islm-mtls.pem',
  '        password: env:DEV_CERT_PASSWORD           # env:NAME or file:PATH; for renew and --check',
  '      aicore:',
  '        serviceKey: dev-setup/aicore-binding.json',
  '        resourceGroup: default',
  '      s4: { system: S4D, client: "100", identity: ISLM }',
  '      setup: dev-setup                            # folder of "aicore-mtls setup" (pinning, auto-renew)',
].join('\n');
