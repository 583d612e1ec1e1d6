DROP INDEX messages_recipient_id_idx;
DROP INDEX messages_sender_id_idx;
DROP TABLE messages;
