import { definePermissions } from '../../kernel/permissions';

export const MembersPermissions = definePermissions(
  { code: 'members', name: { 'zh-CN': '会员与会员卡', 'en-US': 'Members & cards' } },
  {
    'members.view': { 'zh-CN': '查看会员', 'en-US': 'View members' },
    'members.create': { 'zh-CN': '登记会员', 'en-US': 'Register members' },
    'members.edit': { 'zh-CN': '修改会员资料', 'en-US': 'Edit member profiles' },
    'members.view_phone': { 'zh-CN': '查看完整手机号与证件号', 'en-US': 'See full phone and ID numbers' },
    'members.export': { 'zh-CN': '导出会员', 'en-US': 'Export members' },
    'members.erase': { 'zh-CN': '导出或删除会员个人信息（PIPL）', 'en-US': 'Export or erase personal data (PIPL)' },
    'members.level.adjust': { 'zh-CN': '手动调整会员等级', 'en-US': 'Set a member’s level by hand' },
    'members.levels.manage': { 'zh-CN': '管理会员等级', 'en-US': 'Manage levels' },
    'members.card_types.manage': { 'zh-CN': '管理卡种', 'en-US': 'Manage card types' },
    'members.cards.issue': { 'zh-CN': '发卡', 'en-US': 'Issue cards' },
    'members.cards.manage': { 'zh-CN': '挂失、解挂、冻结、解冻', 'en-US': 'Report lost, freeze and unfreeze cards' },
    'members.cards.replace': { 'zh-CN': '换卡 / 补卡', 'en-US': 'Replace / reissue cards' },
    'members.cards.extend': { 'zh-CN': '会员卡延期', 'en-US': 'Extend card validity' },
  },
);
