// Contoso ids the emulator tests use (test/fixtures/seeds/contoso.json and its README, "Who is who").
export const PEOPLE = Object.freeze({
  alexw: 'e6b86ab2-975a-5fd3-8c34-ba702a39c097',
  meganb: '9d9c0f6f-0cf5-51fc-baeb-a3d4e9465c09',
  adelev: '0df1a12f-5a55-560e-b0ee-6bab75034369',
  leeg: '61ee6498-7382-539d-bb56-ded6fb935ff4',
  pattif: 'e0129833-b550-59bd-a39c-be3043c847b2',
  jonis: '071912e5-be93-5f99-b733-bcb272e2e1b2',
  gradya: '5a366c15-9758-5b08-b54a-b86e8d1da0d0',
  lynner: '397a0de7-2bbe-5cde-9fc6-b60f77e3079e',
  henriettam: 'cb2cd60f-c613-5521-976c-b509abc45b96',
  diegos: '5e089a64-e576-5fa4-a92d-b9ecc2e2c04f',
  pradeepg: '539fe1b3-e7c1-5bbc-9577-421749e2ab96',
  nestorw: '43b02c86-9d6e-557e-bc3a-cb9578c936e1',
  irvins: 'c9c943a0-6d7a-5587-8f33-6c2270266f32',
  miriamg: '14222f58-8423-5764-8035-87428ca3adba',
  lidiah: 'bbc31ba8-6b05-5422-8d11-7e3df57d852b',
  enricoc: '103e1338-d1b1-5d80-838e-0796a6aed83d',
  christiec: '15508a30-a0d8-5df1-928f-f05a7da88e0a',
  benw: '15c46f16-c4d5-5c55-9549-27982bba8b6a',
  alland: '9a361f36-42dc-551c-8137-ab5de83b9422',
  gerhartm: 'c022b5f0-db3d-5fb8-aef8-aafe5ab3c031',
  emily: 'b0247409-1d10-5e7e-9705-dda172c82f59',
  cameronw: '58acf16a-9c02-596d-84a1-f759070fcb90',
});

export const GROUPS = Object.freeze({
  serviceDesk: 'e84af64a-6cea-595c-ae63-8594b90b5864',
  identityOperations: '7c4a40b3-6e95-52e2-a61e-336bb54e17c2',
  emergencyAccess: '88876063-636f-5da8-bb68-2308df21442e',
  tapExcluded: '80e196ed-eea2-58e0-b72f-554984fe5847',
  finance: 'fd91de40-cd94-5ed6-a4f4-012da5618aa1',
});

export const UNITS = Object.freeze({ munich: '74da6635-d0d9-5176-80c4-92c879b8cd42', executive: '9e157b54-239b-54ef-892c-887108b55759' });

export const ROLES = Object.freeze({
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  privilegedAuthenticationAdministrator: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  authenticationAdministrator: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  helpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  reportsReader: '4a5d8f65-41da-4de4-8968-e035b65339cf',
});

export const FINANCE_CA_POLICY = 'fc8fc6fc-94e7-595f-8d48-70f182da1d22';
