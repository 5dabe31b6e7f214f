-- prix en €
CREATE TABLE café (nom text, "prix €" numeric(10,2) CHEK ("prix €" > 0));
