import { z } from 'zod';
import { zOk } from '../../kernel/schemas';
import { accessOf } from '../../platform/http';
import { idParams, type App } from '../../platform/route-types';
import {
  birthdayItem,
  birthdayQuery,
  cardDto,
  cardTypeDto,
  cardTypeInput,
  cardTypePatch,
  extendCardInput,
  issueCardInput,
  levelDto,
  levelInput,
  levelPatch,
  manualLevelInput,
  memberDto,
  memberInput,
  memberListQuery,
  memberPage,
  memberPatch,
  photoInput,
  programDto,
  reasonInput,
  replaceCardInput,
} from './members.schemas';
import type { CardAction, MembersService } from './members.service';

export function membersRoutes(app: App, members: MembersService): void {
  const tags = ['members'];

  // ---- programme, levels, card types ----
  app.get('/api/member-program', { config: { permission: 'members.view' }, schema: { tags, summary: 'Membership programme settings', response: { 200: programDto } } }, async (req) =>
    members.program(accessOf(req).merchantId),
  );
  app.put('/api/member-program', { config: { permission: 'members.levels.manage' }, schema: { tags, summary: 'Choose what levels are ranked by', body: programDto, response: { 200: programDto } } }, async (req) =>
    req.write((w) => members.setLevelBasis(w, req.body.levelBasis)),
  );
  app.get('/api/member-levels', { config: { permission: 'members.view' }, schema: { tags, summary: 'Member levels (等级)', response: { 200: z.object({ items: z.array(levelDto) }) } } }, async (req) => ({
    items: await members.listLevels(accessOf(req).merchantId),
  }));
  app.post('/api/member-levels', { config: { permission: 'members.levels.manage' }, schema: { tags, summary: 'Create a level', body: levelInput, response: { 201: levelDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => members.createLevel(w, req.body), { status: 201 })),
  );
  app.patch('/api/member-levels/:id', { config: { permission: 'members.levels.manage' }, schema: { tags, summary: 'Change a level', params: idParams, body: levelPatch, response: { 200: levelDto } } }, async (req) =>
    req.write((w) => members.updateLevel(w, req.params.id, req.body)),
  );
  app.delete('/api/member-levels/:id', { config: { permission: 'members.levels.manage' }, schema: { tags, summary: 'Delete an unused level', params: idParams, response: { 200: zOk } } }, async (req) =>
    req.write(async (w) => {
      await members.deleteLevel(w, req.params.id);
      return { ok: true as const };
    }),
  );
  app.get('/api/card-types', { config: { permission: 'members.view' }, schema: { tags, summary: 'Card types (卡种)', response: { 200: z.object({ items: z.array(cardTypeDto) }) } } }, async (req) => ({
    items: await members.listCardTypes(accessOf(req).merchantId),
  }));
  app.post('/api/card-types', { config: { permission: 'members.card_types.manage' }, schema: { tags, summary: 'Create a card type', body: cardTypeInput, response: { 201: cardTypeDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => members.createCardType(w, req.body), { status: 201 })),
  );
  app.patch('/api/card-types/:id', { config: { permission: 'members.card_types.manage' }, schema: { tags, summary: 'Change or archive a card type', params: idParams, body: cardTypePatch, response: { 200: cardTypeDto } } }, async (req) =>
    req.write((w) => members.updateCardType(w, req.params.id, req.body)),
  );

  // ---- members ----
  app.get('/api/members', { config: { permission: 'members.view' }, schema: { tags, summary: 'Members in the caller’s stores; q = phone, last 4 digits, card number or name', querystring: memberListQuery, response: { 200: memberPage } } }, async (req) =>
    members.listMembers(accessOf(req), req.query),
  );
  app.get('/api/members/lookup', {
    config: { permission: 'members.view' },
    schema: { tags, summary: 'Find one member from a scanned card, member QR (M:<id>) or full phone', querystring: z.object({ code: z.string().trim().min(1).max(64) }), response: { 200: z.object({ member: memberDto, cardBlock: z.string().nullable() }) } },
  }, async (req) => members.lookup(accessOf(req), req.query.code));
  app.get('/api/members/birthdays', { config: { permission: 'members.view' }, schema: { tags, summary: 'Members with a birthday in the next N days', querystring: birthdayQuery, response: { 200: z.object({ items: z.array(birthdayItem) }) } } }, async (req) => ({
    items: await members.birthdays(accessOf(req), req.query.days, req.query.storeId),
  }));
  app.get('/api/members/:id', { config: { permission: 'members.view' }, schema: { tags, summary: 'One member with the live card', params: idParams, response: { 200: memberDto } } }, async (req) =>
    members.getMember(accessOf(req), req.params.id),
  );
  app.post('/api/members', { config: { permission: 'members.create' }, schema: { tags, summary: 'Register a member (optionally issuing a card)', body: memberInput, response: { 201: memberDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => members.createMember(w, accessOf(req), req.body), { status: 201 })),
  );
  app.patch('/api/members/:id', { config: { permission: 'members.edit' }, schema: { tags, summary: 'Edit a member profile', params: idParams, body: memberPatch, response: { 200: memberDto } } }, async (req) =>
    req.write((w) => members.updateMember(w, accessOf(req), req.params.id, req.body)),
  );
  app.post('/api/members/:id/level', { config: { permission: 'members.level.adjust' }, schema: { tags, summary: 'Set a manual level (a floor); null clears it', params: idParams, body: manualLevelInput, response: { 200: memberDto } } }, async (req) =>
    req.write((w) => members.setManualLevel(w, accessOf(req), req.params.id, req.body.levelId, req.body.reason)),
  );
  app.put('/api/members/:id/photo', { config: { permission: 'members.edit' }, schema: { tags, summary: 'Upload or capture a photo (data URL, ≤ 512 KB)', params: idParams, body: photoInput, response: { 200: zOk } } }, async (req) =>
    req.write((w) => members.setPhoto(w, accessOf(req), req.params.id, req.body.dataUrl)),
  );
  app.get('/api/members/:id/photo', { config: { permission: 'members.view' }, schema: { tags, summary: 'The member photo', params: idParams } }, async (req, reply) => {
    const photo = await members.photo(accessOf(req), req.params.id);
    return reply.type(photo.contentType).header('cache-control', 'private, max-age=60').send(photo.data);
  });
  app.get('/api/members/:id/personal-data', { config: { permission: 'members.erase' }, schema: { tags, summary: 'Everything personal held about a member (PIPL export)', params: idParams, response: { 200: z.record(z.string(), z.unknown()) } } }, async (req) =>
    members.personalData(accessOf(req), req.params.id),
  );
  app.post('/api/members/:id/erase', { config: { permission: 'members.erase' }, schema: { tags, summary: 'Erase personal data on request; ledger and orders stay', params: idParams, body: reasonInput, response: { 200: zOk } } }, async (req) =>
    req.write((w) => members.erase(w, accessOf(req), req.params.id, req.body.reason)),
  );

  // ---- cards ----
  app.get('/api/members/:id/cards', { config: { permission: 'members.view' }, schema: { tags, summary: 'All cards a member has held', params: idParams, response: { 200: z.object({ items: z.array(cardDto) }) } } }, async (req) => ({
    items: await members.cardsOfMember(accessOf(req), req.params.id),
  }));
  app.post('/api/members/:id/cards', { config: { permission: 'members.cards.issue' }, schema: { tags, summary: 'Issue a card (number typed, scanned or generated)', params: idParams, body: issueCardInput, response: { 201: cardDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => members.issueCard(w, accessOf(req), req.params.id, req.body), { status: 201 })),
  );
  const actions: [string, CardAction, string][] = [
    ['report-lost', 'report_lost', 'Report a card lost (挂失)'],
    ['cancel-loss', 'cancel_loss', 'Cancel a loss report (解挂)'],
    ['freeze', 'freeze', 'Freeze a card (冻结)'],
    ['unfreeze', 'unfreeze', 'Unfreeze a card (解冻)'],
  ];
  for (const [path, action, summary] of actions) {
    app.post(`/api/cards/:id/${path}`, { config: { permission: 'members.cards.manage' }, schema: { tags, summary, params: idParams, body: reasonInput, response: { 200: cardDto } } }, async (req) =>
      req.write((w) => members.cardAction(w, accessOf(req), req.params.id, action, req.body.reason)),
    );
  }
  app.post('/api/cards/:id/replace', { config: { permission: 'members.cards.replace' }, schema: { tags, summary: 'Replace / reissue: a new number takes over, the old one is dead', params: idParams, body: replaceCardInput, response: { 200: cardDto } } }, async (req) =>
    req.write((w) => members.replaceCard(w, accessOf(req), req.params.id, req.body)),
  );
  app.post('/api/cards/:id/extend', { config: { permission: 'members.cards.extend' }, schema: { tags, summary: 'Extend validity (revives an expired card)', params: idParams, body: extendCardInput, response: { 200: cardDto } } }, async (req) =>
    req.write((w) => members.extendCard(w, accessOf(req), req.params.id, req.body)),
  );
}
