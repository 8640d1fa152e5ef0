// Built-in Entra roles the emulator can name: template id, display name and the PRIVILEGED label, from
// test/fixtures/graph-tables/role-template-ids.json (permissions-reference "All roles"). Descriptions are
// Entra's wording where known; a seed may assign any other template id (shown as "Directory role").
export interface BuiltInRole {
  templateId: string;
  displayName: string;
  privileged: boolean;
  description: string | null;
}

export const BUILT_IN_ROLES: readonly BuiltInRole[] = Object.freeze([
  {
    templateId: '62e90394-69f5-4237-9190-012177145e10',
    displayName: 'Global Administrator',
    privileged: true,
    description: 'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.',
  },
  {
    templateId: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
    displayName: 'Privileged Authentication Administrator',
    privileged: true,
    description: 'Can access to view, set and reset authentication method information for any user (admin or non-admin).',
  },
  {
    templateId: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
    displayName: 'Authentication Administrator',
    privileged: true,
    description: 'Can access to view, set and reset authentication method information for any non-admin user.',
  },
  {
    templateId: '0526716b-113d-4c15-b2c8-68e3c22b9f80',
    displayName: 'Authentication Policy Administrator',
    privileged: false,
    description:
      'Can create and manage the authentication methods policy, tenant-wide MFA settings, password protection policy, and verifiable credentials.',
  },
  {
    templateId: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
    displayName: 'Global Reader',
    privileged: true,
    description: 'Can read everything that a Global Administrator can, but not update anything.',
  },
  {
    templateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
    displayName: 'Helpdesk Administrator',
    privileged: true,
    description: 'Can reset passwords for non-administrators and Helpdesk Administrators.',
  },
  {
    templateId: '966707d0-3269-4727-9be2-8c3a10f19b9d',
    displayName: 'Password Administrator',
    privileged: true,
    description: 'Can reset passwords for non-administrators and Password Administrators.',
  },
  {
    templateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
    displayName: 'User Administrator',
    privileged: true,
    description: 'Can manage all aspects of users and groups, including resetting passwords for limited admins.',
  },
  {
    templateId: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
    displayName: 'Privileged Role Administrator',
    privileged: true,
    description: 'Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.',
  },
  {
    templateId: '194ae4cb-b126-40b2-bd5b-6091b380977d',
    displayName: 'Security Administrator',
    privileged: true,
    description: 'Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365.',
  },
  {
    templateId: '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f',
    displayName: 'Security Operator',
    privileged: true,
    description: 'Creates and manages security events.',
  },
  {
    templateId: '5d6b6bb7-de71-4623-b4af-96380a352509',
    displayName: 'Security Reader',
    privileged: true,
    description: 'Can read security information and reports in Microsoft Entra ID and Office 365.',
  },
  {
    templateId: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
    displayName: 'Conditional Access Administrator',
    privileged: true,
    description: 'Can manage Conditional Access capabilities.',
  },
  {
    templateId: '4a5d8f65-41da-4de4-8968-e035b65339cf',
    displayName: 'Reports Reader',
    privileged: false,
    description: 'Can read sign-in and audit reports.',
  },
  {
    templateId: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
    displayName: 'Directory Readers',
    privileged: false,
    description: 'Can read basic directory information. Commonly used to grant directory read access to applications and guests.',
  },
  { templateId: '9360feb5-f418-4baa-8175-e2a00bac4301', displayName: 'Directory Writers', privileged: true, description: null },
  {
    templateId: 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
    displayName: 'Groups Administrator',
    privileged: false,
    description:
      'Members of this role can create/manage groups, create/manage groups settings like naming and expiration policies, and view groups activity and audit reports.',
  },
  {
    templateId: '95e79109-95c0-4d8e-aee3-d01accf2d47b',
    displayName: 'Guest Inviter',
    privileged: false,
    description: "Can invite guest users independent of the 'members can invite guests' setting.",
  },
  {
    templateId: '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b',
    displayName: 'Message Center Reader',
    privileged: false,
    description: 'Can read messages and updates for their organization in Message Center only.',
  },
  { templateId: '75934031-6c7e-415a-99d7-48dbd49e875e', displayName: 'Usage Summary Reports Reader', privileged: false, description: null },
  {
    templateId: '27460883-1df1-4691-b032-3b79643e5e63',
    displayName: 'User Experience Success Manager',
    privileged: false,
    description: null,
  },
  {
    templateId: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
    displayName: 'Application Administrator',
    privileged: true,
    description: 'Can create and manage all aspects of app registrations and enterprise apps.',
  },
  { templateId: 'cf1c38e5-3621-4004-a7cb-879624dced7c', displayName: 'Application Developer', privileged: true, description: null },
  {
    templateId: '158c047a-c907-4556-b7ef-446551a6b5f7',
    displayName: 'Cloud Application Administrator',
    privileged: true,
    description: 'Can create and manage all aspects of app registrations and enterprise apps except App Proxy.',
  },
  { templateId: '7698a772-787b-4ac8-901f-60d6b08affd2', displayName: 'Cloud Device Administrator', privileged: true, description: null },
  { templateId: '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2', displayName: 'Hybrid Identity Administrator', privileged: true, description: null },
  {
    templateId: '3a2c62db-5318-420d-8d74-23affee5d9d5',
    displayName: 'Intune Administrator',
    privileged: true,
    description: 'Can manage all aspects of the Intune product.',
  },
  { templateId: '8329153b-31d0-4727-b945-745eb3bc5f31', displayName: 'Domain Name Administrator', privileged: true, description: null },
  {
    templateId: 'be2f45a1-457d-42af-a067-6ec1fa63bc45',
    displayName: 'External Identity Provider Administrator',
    privileged: true,
    description: null,
  },
  { templateId: 'aaf43236-0c0d-4d5f-883a-6955382ac081', displayName: 'B2C IEF Keyset Administrator', privileged: true, description: null },
  {
    templateId: '25a516ed-2fa0-40ea-a2d0-12923a21473a',
    displayName: 'Authentication Extensibility Administrator',
    privileged: true,
    description: null,
  },
  {
    templateId: 'ecb2c6bf-0ab6-418e-bd87-7986f8d63bbe',
    displayName: 'Attribute Provisioning Administrator',
    privileged: true,
    description: null,
  },
  { templateId: '422218e4-db15-4ef9-bbe0-8afb41546d79', displayName: 'Attribute Provisioning Reader', privileged: true, description: null },
  {
    templateId: '59d46f88-662b-457b-bceb-5c3809e5908f',
    displayName: 'Lifecycle Workflows Administrator',
    privileged: true,
    description: null,
  },
  { templateId: '4ba39ca4-527c-499a-b93d-d9b492c50246', displayName: 'Partner Tier1 Support', privileged: true, description: null },
  { templateId: 'e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8', displayName: 'Partner Tier2 Support', privileged: true, description: null },
  { templateId: 'db506228-d27e-4b7d-95e5-295956d6615f', displayName: 'Agent ID Administrator', privileged: true, description: null },
  {
    templateId: 'b0f54661-2d74-4c50-afa3-1ec803f12efe',
    displayName: 'Billing Administrator',
    privileged: false,
    description: 'Can perform common billing related tasks like updating payment information.',
  },
  {
    templateId: '29232cdf-9323-42fd-ade2-1d097af3e4de',
    displayName: 'Exchange Administrator',
    privileged: false,
    description: 'Can manage all aspects of the Exchange product.',
  },
  {
    templateId: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
    displayName: 'SharePoint Administrator',
    privileged: false,
    description: 'Can manage all aspects of the SharePoint service.',
  },
  {
    templateId: '69091246-20e8-4a56-aa4d-066075b2a7a8',
    displayName: 'Teams Administrator',
    privileged: false,
    description: 'Can manage the Microsoft Teams service.',
  },
  {
    templateId: '4d6ac14f-3453-41d0-bef9-a3e0c569773a',
    displayName: 'License Administrator',
    privileged: false,
    description: 'Can manage product licenses on users and groups.',
  },
]);

const BY_TEMPLATE: ReadonlyMap<string, BuiltInRole> = new Map(BUILT_IN_ROLES.map((role) => [role.templateId.toLowerCase(), role]));

export function builtInRole(templateId: string): BuiltInRole {
  return BY_TEMPLATE.get(templateId.toLowerCase()) ?? { templateId, displayName: 'Directory role', privileged: false, description: null };
}
