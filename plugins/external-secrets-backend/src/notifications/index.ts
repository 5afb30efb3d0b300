export { readNotificationsConfig } from './config';
export type { NotificationsConfig } from './config';
export { NotificationRunner, notificationScope } from './NotificationRunner';
export { NotificationStateStore } from './NotificationStateStore';
export { observeEntities } from './observeEntities';
