package dev.parley.infra.internal;

import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when an external database is configured ({@code spring.datasource.url}). */
class OnExternalDatabase extends OnEmbeddedDatabase {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return !super.matches(context, metadata);
	}

}
