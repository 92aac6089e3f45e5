import { AppBar as RaAppBar, Logout, UserMenu, useGetIdentity, useTranslate } from 'react-admin';

/**
 * The user menu's button says the signed-in name, so its accessible name includes that text (react-admin's
 * own is "Profile" alone, which speech input cannot match to what is on screen).
 */
const PaydeskUserMenu = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const label = identity?.fullName
    ? translate('paydesk.layout.user_menu_of', { name: identity.fullName })
    : 'ra.auth.user_menu';
  return (
    <UserMenu label={label}>
      <Logout />
    </UserMenu>
  );
};

export const AppBar = () => <RaAppBar userMenu={<PaydeskUserMenu />} />;
