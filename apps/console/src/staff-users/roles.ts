import { STAFF_ROLES } from '@paydesk/domain';
import { choicesOf } from '../common/choices.ts';

export const staffRoleChoices = choicesOf(STAFF_ROLES, 'paydesk.staff_role');
