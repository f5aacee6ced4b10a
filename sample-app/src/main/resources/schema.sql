-- Portable between SQLite and PostgreSQL: explicit BIGINT ids (no AUTOINCREMENT or SERIAL),
-- timestamps as BIGINT epoch milliseconds.
CREATE TABLE IF NOT EXISTS category (
	id BIGINT PRIMARY KEY,
	name VARCHAR(100) NOT NULL
);

CREATE TABLE IF NOT EXISTS product (
	id BIGINT PRIMARY KEY,
	category_id BIGINT NOT NULL REFERENCES category (id),
	sku VARCHAR(32) NOT NULL,
	name VARCHAR(200) NOT NULL,
	description VARCHAR(1000) NOT NULL,
	price_cents BIGINT NOT NULL,
	stock INTEGER NOT NULL,
	created_at BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS customer (
	id BIGINT PRIMARY KEY,
	name VARCHAR(200) NOT NULL,
	email VARCHAR(200) NOT NULL,
	created_at BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS purchase_order (
	id BIGINT PRIMARY KEY,
	customer_id BIGINT NOT NULL REFERENCES customer (id),
	created_at BIGINT NOT NULL,
	status VARCHAR(20) NOT NULL
);

CREATE TABLE IF NOT EXISTS order_item (
	id BIGINT PRIMARY KEY,
	order_id BIGINT NOT NULL REFERENCES purchase_order (id),
	product_id BIGINT NOT NULL REFERENCES product (id),
	quantity INTEGER NOT NULL,
	price_cents BIGINT NOT NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS ux_product_sku ON product (sku);
CREATE INDEX IF NOT EXISTS ix_product_category ON product (category_id);
CREATE INDEX IF NOT EXISTS ix_purchase_order_created_at ON purchase_order (created_at);
CREATE INDEX IF NOT EXISTS ix_order_item_order ON order_item (order_id);
-- Deliberately no index on product.description or order_item.product_id: the product search is meant to be slow,
-- so that the SQL profiler has a full scan to flag.
