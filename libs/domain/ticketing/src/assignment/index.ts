export * from './teams.document';
export * from './teams.validate';
export * from './assignable-team';
export * from './choose-assignee';
export * from './drain-queue';
