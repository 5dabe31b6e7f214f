alter table mem rename to members;
alter table members rename column user_id to uid;
alter table doc rename column org_id to oid2;
alter table org rename to doc_1;
