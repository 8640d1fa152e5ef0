// The approval card's number to call back comes from the directory (Graph's businessPhones / mobilePhone,
// read in the facts batch): shown for Alex, plainly "no number" for Christie, never a number typed in the request.
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../../support/stack';
import { cardOf, textOf } from '../../support/teams-client';
import { fileRequest, review } from './journey';

describe('approval card: call back on the number in the directory', function () {
  this.timeout(60_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.close();
  });

  const callBackLine = (text: string) => /Call back on\n(.*)/.exec(text)?.[1] ?? '';

  it("shows the directory's work and mobile numbers, not the one typed in the request", async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.alexw!, { reason: 'other', reasonText: 'new phone, call me on +1 206 555 0199' });
    const card = textOf(cardOf(await review(client, people.meganb!, requestId)));
    assert.equal(callBackLine(card), '+1 425 555 0101 (work), +1 425 555 0201 (mobile): from the directory', card);
  });

  it('says plainly when the directory has no number (Christie, a new hire)', async () => {
    const { client, people } = stack;
    const requestId = await fileRequest(client, people.alexw!, { target: 'christiec@contoso.com', reason: 'onboarding' });
    const card = textOf(cardOf(await review(client, people.meganb!, requestId)));
    assert.equal(callBackLine(card), 'no number in the directory: verify another way, never on a number they give you', card);
  });
});
