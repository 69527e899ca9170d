package dev.mainstay.spring.internal;

import dev.mainstay.spring.ModelCall;
import java.lang.reflect.Method;
import org.aopalliance.aop.Advice;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Applies the {@link ModelCallInterceptor} to {@code @ModelCall} methods. An infrastructure advisor
 * (like {@code @Transactional}'s), so it works with or without AspectJ on the class path; the
 * interceptor is looked up lazily so the advisor does not pull the clients into early bean
 * creation. Each annotated method is checked when its bean is proxied, so a bad client name or
 * fallback fails the startup.
 */
public final class ModelCallAdvisor extends AbstractPointcutAdvisor {
  private static final long serialVersionUID = 1L;

  private final transient ObjectProvider<ModelCallInterceptor> interceptor;
  private final transient Pointcut pointcut;

  /**
   * Creates the advisor.
   *
   * @param interceptor the interceptor, looked up on first use
   * @param order the advisor's order
   */
  public ModelCallAdvisor(ObjectProvider<ModelCallInterceptor> interceptor, int order) {
    this.interceptor = interceptor;
    setOrder(order);
    this.pointcut = new StaticMethodMatcherPointcut() {
      @Override
      public boolean matches(Method method, Class<?> targetClass) {
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        if (!AnnotatedElementUtils.hasAnnotation(specific, ModelCall.class)) {
          return false;
        }
        interceptor.getObject().check(specific, targetClass);
        return true;
      }
    };
  }

  @Override
  public Pointcut getPointcut() {
    return pointcut;
  }

  @Override
  public Advice getAdvice() {
    return (org.aopalliance.intercept.MethodInterceptor) invocation -> interceptor.getObject().invoke(invocation);
  }
}
