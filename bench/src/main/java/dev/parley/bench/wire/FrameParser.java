package dev.parley.bench.wire;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * A minimal, allocation-light JSON reader for the bench's hot path: it walks one JSON
 * object (nested objects included, which the seed's {@code message} wrapper needs) and
 * keeps only the fields {@link Frame} names, wherever they occur. Not thread-safe: use one
 * instance per thread (or per channel).
 */
public final class FrameParser {

	private ByteBuf buf;

	private int pos;

	private int end;

	private String type;

	private String topic;

	private String id;

	private String token;

	private String body;

	private String code;

	private long conversationId;

	private long seq;

	private long senderId;

	private long userId;

	private long to;

	private long[] members;

	private int memberCount;

	/** Parses the readable bytes of {@code content} without moving its reader index. */
	public Frame parse(ByteBuf content) {
		this.buf = content;
		this.pos = content.readerIndex();
		this.end = content.writerIndex();
		this.type = this.topic = this.id = this.token = this.body = this.code = null;
		this.conversationId = this.seq = this.senderId = this.userId = this.to = -1;
		this.members = null;
		this.memberCount = 0;
		skipWhitespace();
		if (this.pos >= this.end || this.buf.getByte(this.pos) != '{') {
			throw new IllegalStateException("not a JSON object");
		}
		parseObject();
		long[] memberIds = (this.members == null) ? null : java.util.Arrays.copyOf(this.members, this.memberCount);
		this.buf = null;
		return new Frame(this.type, this.topic, this.id, this.token, this.body, this.code, this.conversationId,
				this.seq, this.senderId, this.userId, this.to, memberIds);
	}

	private void parseObject() {
		this.pos++;
		while (true) {
			skipWhitespace();
			byte c = this.buf.getByte(this.pos);
			if (c == '}') {
				this.pos++;
				return;
			}
			if (c == ',') {
				this.pos++;
				continue;
			}
			String key = parseKey();
			skipWhitespace();
			expect(':');
			parseValue(key);
		}
	}

	private void parseArray(String key) {
		this.pos++;
		boolean collect = "members".equals(key) || "memberIds".equals(key);
		if (collect) {
			this.members = new long[16];
			this.memberCount = 0;
		}
		while (true) {
			skipWhitespace();
			byte c = this.buf.getByte(this.pos);
			if (c == ']') {
				this.pos++;
				return;
			}
			if (c == ',') {
				this.pos++;
				continue;
			}
			if (collect && (c == '-' || (c >= '0' && c <= '9'))) {
				if (this.memberCount == this.members.length) {
					this.members = java.util.Arrays.copyOf(this.members, this.memberCount * 2);
				}
				this.members[this.memberCount++] = parseNumber();
			}
			else {
				parseValue(null);
			}
		}
	}

	private void parseValue(String key) {
		skipWhitespace();
		byte c = this.buf.getByte(this.pos);
		if (c == '{') {
			parseObject();
		}
		else if (c == '[') {
			parseArray(key);
		}
		else if (c == '"') {
			if (wanted(key)) {
				assign(key, parseString());
			}
			else {
				skipString();
			}
		}
		else if (c == '-' || (c >= '0' && c <= '9')) {
			assign(key, parseNumber());
		}
		else {
			// true, false, null: nothing the bench needs
			while (this.pos < this.end && Character.isLetter(this.buf.getByte(this.pos))) {
				this.pos++;
			}
		}
	}

	private void assign(String key, String value) {
		if (key == null) {
			return;
		}
		switch (key) {
			case "type" -> this.type = value;
			case "topic" -> this.topic = value;
			case "id" -> this.id = value;
			case "token", "accessToken" -> this.token = value;
			case "body", "msg" -> this.body = value;
			case "code" -> this.code = value;
			case "to", "sendTo" -> this.to = parseLongOrMinusOne(value);
			default -> {
			}
		}
	}

	private void assign(String key, long value) {
		if (key == null) {
			return;
		}
		switch (key) {
			case "conversationId" -> this.conversationId = value;
			case "seq" -> this.seq = value;
			case "senderId" -> this.senderId = value;
			case "userId" -> this.userId = value;
			case "to", "sendTo" -> this.to = value;
			default -> {
			}
		}
	}

	private static boolean wanted(String key) {
		return key != null && switch (key) {
			case "type", "topic", "id", "token", "accessToken", "body", "msg", "code", "to", "sendTo" -> true;
			default -> false;
		};
	}

	/** Keys are ASCII: decode them the cheap way. */
	private String parseKey() {
		expect('"');
		int start = this.pos;
		skipToClosingQuote();
		String key = this.buf.toString(start, this.pos - start, StandardCharsets.ISO_8859_1);
		this.pos++;
		return key;
	}

	private void skipString() {
		expect('"');
		skipToClosingQuote();
		this.pos++;
	}

	private void skipToClosingQuote() {
		while (true) {
			byte c = this.buf.getByte(this.pos);
			if (c == '\\') {
				this.pos += 2;
			}
			else if (c == '"') {
				return;
			}
			else {
				this.pos++;
			}
		}
	}

	private String parseString() {
		expect('"');
		int start = this.pos;
		while (true) {
			byte c = this.buf.getByte(this.pos);
			if (c == '\\') {
				this.pos += 2;
			}
			else if (c == '"') {
				String value = this.buf.toString(start, this.pos - start, StandardCharsets.UTF_8);
				this.pos++;
				return value;
			}
			else {
				this.pos++;
			}
		}
	}

	private long parseNumber() {
		boolean negative = false;
		if (this.buf.getByte(this.pos) == '-') {
			negative = true;
			this.pos++;
		}
		long value = 0;
		while (this.pos < this.end) {
			byte c = this.buf.getByte(this.pos);
			if (c >= '0' && c <= '9') {
				value = value * 10 + (c - '0');
				this.pos++;
			}
			else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
				// fractions and exponents are not used by the fields the bench reads
				this.pos++;
			}
			else {
				break;
			}
		}
		return negative ? -value : value;
	}

	private static long parseLongOrMinusOne(String value) {
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private void expect(char c) {
		if (this.pos >= this.end || this.buf.getByte(this.pos) != c) {
			throw new IllegalStateException("expected '" + c + "' at " + this.pos);
		}
		this.pos++;
	}

	private void skipWhitespace() {
		while (this.pos < this.end) {
			byte c = this.buf.getByte(this.pos);
			if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
				return;
			}
			this.pos++;
		}
	}

}
