import { basename } from 'node:path';

import { plain, rich, type RichText } from './rich-text.ts';
import { field, formatUtc, oauthProfile, stepRef, type SheetContext } from './sheet-context.ts';
import type { ImportFileInput, PasswordSource, RootCertificateInput } from './sheet-input.ts';
import type { FieldGroup, SheetField, SheetStep } from './sheet-model.ts';

type StepDraft = Omit<SheetStep, 'number'>;

export function prerequisitesStep(context: SheetContext): StepDraft {
  return {
    id: 'prerequisites',
    transaction: 'Checks',
    title: 'Check the prerequisites',
    instructions: [
      rich`ISLM is set up as SAP's tutorial "Configure Your SAP S/4HANA System for ISLM" describes: SAP S/4HANA 2023 or higher, SAP Notes ${'3513374'}, ${'3490653'}, ${'3668194'}, ${'3682148'} and ${'3700379'}, bgRFC with the inbound destination ${'ISLM_QBGRFC_INBOUND_DEST'} (queue prefix ${'ISLM_'}).`,
      rich`Your user has ${'S_OA2C_ADM'} (activities 01, 02, 03) for OA2C_CONFIG and may change STRUST and SM59. Saving the new STRUST identity asks for a transport request.`,
      rich`The user that runs ISLM's token request needs ${'S_OA2C_USE'} for the profile ${oauthProfile} (activity 16).`,
      rich`OA2C_CONFIG offers the client authentication ${'Client Certificate'} and the field ${'mTLS Token Endpoint Alias'} (checked in ${stepRef('oauthClient')}). SAP does not document which release or note added them.`,
    ],
    groups: [],
    notes: [rich`The token request (to ${context.certurl.host}) and the API calls (to ${context.aiApiUrl.host}) are two TLS connections that use two different PSEs; ${stepRef('identityRoot')} and ${stepRef('dfaultRoot')} give each its root.`],
    attachments: [],
  };
}

export function identityStep(context: SheetContext): StepDraft {
  const nameSource = context.defaulted.identity ? rich`default name from SAP's ISLM mTLS tutorial` : rich`chosen name`;
  return {
    id: 'strust-identity',
    transaction: 'STRUST',
    title: 'Create the SSL client identity',
    instructions: [
      rich`Start STRUST and switch to change mode.`,
      rich`Choose Environment → SSL Client Identities of System, then New Entries.`,
      rich`Enter the identity and the description below, save, and assign a transport request.`,
    ],
    groups: [
      {
        fields: [
          field('strust.identity', 'Identity', context.identity, nameSource),
          field('strust.identityDescription', 'Description', context.identityDescription, rich`free text`),
        ],
      },
    ],
    notes: [rich`Leave the standard identities ${'DFAULT'} and ${'ANONYM'} as they are: SM59 keeps using ${'DFAULT'}, which must not present the client certificate.`],
    attachments: [],
  };
}

export function importStep(context: SheetContext): StepDraft {
  const groups: FieldGroup[] = context.importFiles.map((file, index) => importFileGroup(file, index, context.importFiles.length));
  if (context.clientCertificate) groups.push(ownCertificateGroup(context));

  const [first] = context.importFiles;
  const instructions: RichText[] = [
    first
      ? rich`In STRUST (change mode), choose PSE → Import and select ${basename(first.path)}. Check first that the file's SHA-256 matches the value below (Windows: ${`certutil -hashfile ${basename(first.path)} SHA256`}, Linux: ${`sha256sum ${basename(first.path)}`}).`
      : rich`In STRUST (change mode), choose PSE → Import and select the key-pair file from the SAP BTP Destination service (the decoded ${'Content'}: encrypted private key, client certificate, intermediate and root). This sheet was made without the file, so it cannot show its checksum.`,
    first ? rich`Enter the password when STRUST asks: ${passwordRun(first.passwordSource)}.` : rich`Enter the password that was set when the certificate was created.`,
    rich`Choose PSE → Save As → ${'SSL Client'}, select the identity ${context.identity}, confirm, and save.`,
    rich`Double-click the subject of the own certificate and compare it with the values below.`,
  ];
  return {
    id: 'strust-import',
    transaction: 'STRUST',
    title: `Import the key pair into ${context.identity}`,
    instructions,
    groups,
    notes: [
      rich`Newer releases show a SHA-256 checksum; where STRUST shows only MD5 or SHA-1, compare the serial number.`,
      rich`The client certificate must be the one bound to the SAP AI Core x509 service key, or the token request fails with HTTP 401.`,
    ],
    attachments: [],
  };
}

function importFileGroup(file: ImportFileInput, index: number, count: number): FieldGroup {
  const prefix = index === 0 ? 'strust.importFile' : `strust.importFile${index + 1}`;
  const title = count === 1 ? 'Import file' : index === 0 ? 'Import file (recommended)' : `Alternative import file ${index + 1}`;
  const fields: SheetField[] = [
    field(`${prefix}.path`, 'File', file.path, rich`written by aicore-mtls`),
    field(`${prefix}.sha256`, 'SHA-256 of the file', file.sha256, rich`computed from the file`),
    field(`${prefix}.format`, 'Format', file.format === 'pem' ? 'PEM' : 'PKCS#12', rich`read from the file`, { copy: false }),
  ];
  if (file.contents) fields.push(field(`${prefix}.contents`, 'Contents', file.contents, rich`read from the file`, { copy: false }));
  file.chain?.forEach((subject, position) => {
    const label = position === 0 ? 'Certificate 1 (client)' : `Certificate ${position + 1}`;
    fields.push(field(`${prefix}.chain.${position + 1}`, label, subject, rich`subject, read from the file`, { copy: false }));
  });
  fields.push(field(`${prefix}.password`, 'Password', '', [plain('never written to this sheet')], { placeholder: passwordText(file.passwordSource), copy: false }));
  return { title, fields };
}

function ownCertificateGroup(context: SheetContext): FieldGroup {
  const certificate = context.clientCertificate!;
  const source: RichText = [];
  return {
    title: 'Own certificate after the import',
    description: [plain(`Read from ${certificate.source}.`)],
    fields: [
      field('strust.ownCertificate.subject', 'Subject', certificate.subject, source),
      field('strust.ownCertificate.issuer', 'Issuer', certificate.issuer, source),
      field('strust.ownCertificate.serialNumber', 'Serial number', certificate.serialNumber, source),
      field('strust.ownCertificate.validTo', 'Valid to', formatUtc(certificate.notAfter), source),
      field('strust.ownCertificate.sha256', 'SHA-256 fingerprint', certificate.sha256Fingerprint, source),
    ],
  };
}

/** Describes where the password is, as one line of text for the sheet. */
export function passwordText(source: PasswordSource): string {
  switch (source.kind) {
    case 'file':
      return `in the file ${source.path}`;
    case 'env':
      return `in the environment variable ${source.name} of the session that wrote the file`;
    case 'prompt':
      return 'the password typed when the file was written';
    case 'none':
      return 'none: the private key in this file is not encrypted';
    case 'text':
      return source.description;
  }
}

function passwordRun(source: PasswordSource): RichText {
  switch (source.kind) {
    case 'file':
      return rich`it is in the file ${source.path}`;
    case 'env':
      return rich`it is in the environment variable ${source.name} of the session that wrote the file`;
    case 'prompt':
      return rich`it is the password typed when the file was written`;
    case 'none':
      return rich`leave it empty, the private key in the file is not encrypted`;
    case 'text':
      return [plain(source.description)];
  }
}

export function rootStep(context: SheetContext, target: 'identity' | 'DFAULT'): StepDraft {
  const roots = target === 'identity' ? context.identityRoots : context.standardRoots;
  const host = target === 'identity' ? context.certurl.host : context.aiApiUrl.host;
  const pseNode = target === 'identity' ? `SSL client ${context.identity}` : 'SSL client SSL Client (Standard)';
  const purpose =
    target === 'identity'
      ? rich`The token request goes to ${host} (from ${'certurl'}) through the PSE that OA2C_CONFIG selects, ${context.identity}.`
      : rich`The SAP AI Core API calls go to ${host} (from ${'serviceurls.AI_API_URL'}) through the PSE that SM59 selects, ${'DFAULT'}.`;
  const anyCertificate = roots.some((root) => root.certificate);
  return {
    id: target === 'identity' ? 'strust-root-identity' : 'strust-root-dfault',
    transaction: 'STRUST',
    title: target === 'identity' ? `Trust the root of the certurl host in ${context.identity}` : 'Trust the root of the AI API host in DFAULT',
    instructions: [
      rich`Double-click ${pseNode}.`,
      anyCertificate
        ? rich`If the certificate list already shows a root with the SHA-256 below, skip to the next step.`
        : rich`Compare the certificate list with the roots named in the notes below.`,
      rich`Choose Import certificate (below the certificate list), select the root's PEM file, choose ${'Add to Certificate List'}, then save.`,
    ],
    groups: roots.map((root, index) => rootGroup(root, target, index)),
    notes: [purpose, ...roots.filter((root) => root.note).map((root) => [plain(root.note!)])],
    attachments: roots
      .map((root, index) => ({ root, index }))
      .filter(({ root }) => root.pem)
      .map(({ root, index }) => ({ id: `${rootPrefix(target, index)}.pem`, label: `PEM of ${root.certificate?.commonName ?? 'the root'}`, text: root.pem! })),
  };
}

function rootPrefix(target: 'identity' | 'DFAULT', index: number): string {
  return `strust.${target === 'identity' ? 'identityRoot' : 'dfaultRoot'}${index === 0 ? '' : index + 1}`;
}

function rootGroup(root: RootCertificateInput, target: 'identity' | 'DFAULT', index: number): FieldGroup {
  const prefix = rootPrefix(target, index);
  const status = root.status;
  const source: RichText = [];
  const fields: SheetField[] = [];
  const certificate = root.certificate;
  if (certificate) {
    if (certificate.commonName) fields.push(field(`${prefix}.name`, 'Root certificate', certificate.commonName, source, { copy: false }));
    fields.push(field(`${prefix}.subject`, 'Subject', certificate.subject, source));
    if (certificate.serialNumber) fields.push(field(`${prefix}.serialNumber`, 'Serial number', certificate.serialNumber, source));
    if (certificate.notAfter) fields.push(field(`${prefix}.validTo`, 'Valid to', formatUtc(certificate.notAfter), source, { copy: false }));
    fields.push(field(`${prefix}.sha256`, 'SHA-256 fingerprint', certificate.sha256Fingerprint, source));
  }
  if (root.file) fields.push(field(`${prefix}.file`, 'PEM file', root.file.path, rich`written by aicore-mtls`));
  const title = `${root.status === 'unconfirmed' ? 'Candidate root' : 'Root'} for ${target === 'identity' ? 'the identity PSE' : 'DFAULT'}`;
  const tones = { observed: 'good', expected: 'info', unconfirmed: 'warn' } as const;
  const tone = tones[root.status];
  return { title, badge: { text: status, tone }, description: [plain(`Source: ${root.source}.`)], fields };
}

export function icmStep(context: SheetContext): StepDraft {
  return {
    id: 'icm-reload',
    transaction: 'SMICM',
    title: 'Let ICM load the changed PSEs',
    instructions: [
      rich`Run the function module ${'ICM_SSL_PSE_CHANGED'} (SE37), or restart ICM in SMICM at a quiet time (SAP Note 2417844).`,
    ],
    groups: [],
    notes: [rich`Without it ICM may keep using the PSEs of ${context.identity} and ${'DFAULT'} as they were before the import.`],
    attachments: [],
  };
}
