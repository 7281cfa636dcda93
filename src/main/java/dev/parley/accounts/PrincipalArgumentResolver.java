package dev.parley.accounts;

import java.util.List;

import dev.parley.common.ErrorCode;
import dev.parley.common.ParleyException;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Lets any REST handler take a {@link Principal} parameter: it is resolved from the
 * {@code Authorization: Bearer <token>} header, or the request fails with
 * {@code unauthenticated}.
 */
@Configuration(proxyBeanMethods = false)
class PrincipalArgumentResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

	private static final String BEARER = "Bearer ";

	private final AccessTokens tokens;

	PrincipalArgumentResolver(AccessTokens tokens) {
		this.tokens = tokens;
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(this);
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == Principal.class;
	}

	@Override
	public Principal resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest request, WebDataBinderFactory binderFactory) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			throw new ParleyException(ErrorCode.UNAUTHENTICATED, "Send the access token as 'Authorization: Bearer …'.");
		}
		return this.tokens.authenticate(header.substring(BEARER.length()).strip());
	}

}
