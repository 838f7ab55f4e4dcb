/**
 * The sign-in, setup, invite, recovery and lock screens, loaded when one is shown: a device that is
 * signed in opens on its first screen without them (they are a sizeable part of the layout's code).
 * The service worker keeps their files, so they also load offline.
 */
export const authScreens = {
  invite: () => import('./InviteScreen.svelte'),
  recoveryCode: () => import('./RecoveryCodeScreen.svelte'),
  recover: () => import('./RecoverScreen.svelte'),
  setup: () => import('./SetupScreen.svelte'),
  signIn: () => import('./SignInScreen.svelte'),
  lock: () => import('./LockScreen.svelte'),
  changePassword: () => import('./ChangePasswordScreen.svelte'),
};
