package dev.tier0.app.security;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcherEntry;

/**
 * Who may do what: the agent API takes HTTP basic for AGENT/ADMIN accounts; the console takes a
 * form login with CSRF protection and the analytics pages need ADMIN; the employee-facing API and
 * the channel webhooks are open (channels verify their own signatures).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  private static final String UNAUTHENTICATED =
      "{\"error\":\"unauthenticated\",\"message\":\"Sign in with an agent account (HTTP basic).\"}";
  private static final String FORBIDDEN =
      "{\"error\":\"forbidden\",\"message\":\"Your account may not do this.\"}";

  /**
   * No tracing spans around each security filter: on the chat path they cost more than the filters
   * themselves, and the request's own timer ({@code http.server.requests}) still measures it all.
   */
  @Bean
  SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  static AuthenticationEntryPoint jsonEntryPoint() {
    return (request, response, e) -> {
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setHeader("WWW-Authenticate", "Basic realm=\"helpdesk\"");
      response.setContentType("application/json");
      response.getWriter().write(UNAUTHENTICATED);
    };
  }

  static AccessDeniedHandler jsonAccessDenied() {
    return (request, response, e) -> {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      response.setContentType("application/json");
      response.getWriter().write(FORBIDDEN);
    };
  }

  @Bean
  @Order(1)
  SecurityFilterChain agentApi(HttpSecurity http) throws Exception {
    http.securityMatcher("/api/v1/agent/**", "/api/v1/admin/**")
        .authorizeHttpRequests(a ->
            a.requestMatchers("/api/v1/admin/**")
                .hasRole("ADMIN")
                .anyRequest()
                .hasAnyRole("AGENT", "ADMIN"))
        .httpBasic(b -> b.authenticationEntryPoint(jsonEntryPoint()))
        .exceptionHandling(e ->
            e.authenticationEntryPoint(jsonEntryPoint()).accessDeniedHandler(jsonAccessDenied()))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        // Stateless basic authentication carries no ambient cookie, so CSRF cannot apply.
        .csrf(c -> c.disable());
    return http.build();
  }

  /**
   * The console's pages: scripts, styles, images and connections from this origin only, no framing,
   * no plugins, forms post only here.
   */
  static final String CONSOLE_CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
          + " form-action 'self'";

  /** The console API answers a missing session with 401 JSON, not a redirect to the login page. */
  static AuthenticationEntryPoint consoleApiEntryPoint() {
    return (request, response, e) -> {
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setContentType("application/json");
      response
          .getWriter()
          .write("{\"error\":\"unauthenticated\",\"message\":\"Sign in to the console first.\"}");
    };
  }

  @Bean
  @Order(2)
  SecurityFilterChain console(HttpSecurity http) throws Exception {
    RequestMatcher consoleApi = PathPatternRequestMatcher.withDefaults().matcher("/console/api/**");
    RequestMatcher analyticsApi =
        PathPatternRequestMatcher.withDefaults().matcher("/console/analytics/api/**");
    http.securityMatcher("/console/**", "/login", "/logout")
        .authorizeHttpRequests(a ->
            a.requestMatchers("/login", "/console/assets/**")
                .permitAll()
                .requestMatchers("/console/analytics/**", "/console/api/admin/**")
                .hasRole("ADMIN")
                .anyRequest()
                .hasAnyRole("AGENT", "ADMIN"))
        .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/console", false).permitAll())
        .logout(l -> l.logoutSuccessUrl("/login?logout"))
        .exceptionHandling(e -> {
          // Whatever the Accept header says: the JSON endpoints answer 401, the pages redirect.
          e.authenticationEntryPoint(
                  new DelegatingAuthenticationEntryPoint(
                      new LoginUrlAuthenticationEntryPoint("/login"),
                      List.of(
                          new RequestMatcherEntry<>(consoleApi, consoleApiEntryPoint()),
                          new RequestMatcherEntry<>(analyticsApi, consoleApiEntryPoint()))))
              .defaultAccessDeniedHandlerFor(jsonAccessDenied(), consoleApi)
              .defaultAccessDeniedHandlerFor(jsonAccessDenied(), analyticsApi);
        })
        .headers(h ->
            h.contentSecurityPolicy(c -> c.policyDirectives(CONSOLE_CSP))
                .frameOptions(f -> f.deny())
                .referrerPolicy(r ->
                    r.policy(
                        org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter
                            .ReferrerPolicy.SAME_ORIGIN)));
    return http.build();
  }

  @Bean
  @Order(3)
  SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .httpBasic(b -> b.authenticationEntryPoint(jsonEntryPoint()))
        .exceptionHandling(e -> e.authenticationEntryPoint(jsonEntryPoint()))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        // The public API authenticates nothing by cookie (conversation ids are capabilities and
        // channels verify signatures), so there is no session for CSRF to protect.
        .csrf(c -> c.disable())
        .headers(h -> h.frameOptions(f -> f.sameOrigin()));
    return http.build();
  }
}
