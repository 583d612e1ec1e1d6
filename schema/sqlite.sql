-- migrator schema snapshot (sqlite): written by `migrator check --update-snapshot` or `migrator schema dump`; do not edit.
table comments
  column id integer
  column user_id integer not null
  column post_id integer not null
  column content text not null
  column created_at timestamp not null default CURRENT_TIMESTAMP
  primary key (id)
  foreign key (post_id) references posts (id) on delete cascade on update no action
  foreign key (user_id) references users (id) on delete cascade on update no action
table followers
  column follower_id integer not null
  column followed_id integer not null
  column created_at timestamp not null default CURRENT_TIMESTAMP
  primary key (follower_id, followed_id)
  check (follower_id <> followed_id)
  foreign key (followed_id) references users (id) on delete cascade on update no action
  foreign key (follower_id) references users (id) on delete cascade on update no action
table group_members
  column group_id integer not null
  column user_id integer not null
  column joined_at timestamp not null default CURRENT_TIMESTAMP
  primary key (group_id, user_id)
  foreign key (group_id) references groups (id) on delete cascade on update no action
  foreign key (user_id) references users (id) on delete cascade on update no action
table groups
  column id integer
  column name varchar(100) not null
  column description text
  column created_at timestamp not null default CURRENT_TIMESTAMP
  primary key (id)
table messages
  column id integer
  column sender_id integer not null
  column recipient_id integer not null
  column content text not null
  column created_at timestamp not null default CURRENT_TIMESTAMP
  primary key (id)
  foreign key (recipient_id) references users (id) on delete cascade on update no action
  foreign key (sender_id) references users (id) on delete cascade on update no action
table posts
  column id integer
  column user_id integer not null
  column content text not null
  column created_at timestamp not null default CURRENT_TIMESTAMP
  primary key (id)
  foreign key (user_id) references users (id) on delete cascade on update no action
table reactions
  column id integer
  column user_id integer not null
  column post_id integer not null
  column reaction varchar(50) not null
  column created_at timestamp not null default CURRENT_TIMESTAMP
  primary key (id)
  check (reaction IN ('LIKE', 'LOVE', 'HAHA', 'WOW', 'SAD', 'ANGRY'))
  foreign key (post_id) references posts (id) on delete cascade on update no action
  foreign key (user_id) references users (id) on delete cascade on update no action
  unique (user_id, post_id)
table users
  column id integer
  column username varchar(50) not null
  column email varchar(100) not null
  column created_at timestamp not null default CURRENT_TIMESTAMP
  primary key (id)
  unique (email)
  unique (username)
index comments_post_id_idx on comments (post_id)
index comments_user_id_idx on comments (user_id)
index followers_followed_id_idx on followers (followed_id)
index group_members_user_id_idx on group_members (user_id)
index messages_recipient_id_idx on messages (recipient_id)
index messages_sender_id_idx on messages (sender_id)
index posts_user_id_idx on posts (user_id)
index reactions_post_id_idx on reactions (post_id)
