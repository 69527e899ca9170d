package dev.mainstay.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** {@code @ModelCall} runs outside {@code @Transactional} and {@code @Cacheable} (docs/spring.md). */
final class OrderingTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, MainstayAutoConfiguration.class))
      .withUserConfiguration(Config.class)
      .withPropertyValues(
          "mainstay.clients.chat.route.retries=1",
          "mainstay.clients.chat.route.backoff.initial=1ms",
          "mainstay.clients.chat.route.backoff.max=1ms",
          "mainstay.clients.chat.guards.input.mode=enforce");

  @Test
  void transactional_eachAttemptRunsItsOwnTransaction_failedOneRolledBack() {
    runner.run(context -> {
      Service s = context.getBean(Service.class);
      Recorder r = context.getBean(Recorder.class);
      r.failFirst.set(1);
      // When the first attempt fails and the retry succeeds
      assertThat(s.transactional("hello")).isEqualTo("ok hello");
      // Then there were two transactions, one per attempt, the failed one rolled back
      assertThat(r.log).containsExactly("begin", "rollback", "begin", "commit");
      assertThat(r.bodyInTransaction).containsExactly(true, true);
      assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isFalse();
    });
  }

  @Test
  void cacheable_isInsideTheGuards_keyedOnTheSanitisedArgument() {
    runner.run(context -> {
      Service s = context.getBean(Service.class);
      Recorder r = context.getBean(Recorder.class);
      // Two prompts that differ only in a redacted e-mail address
      s.cached("send the report to alice@example.com");
      s.cached("send the report to bob@example.org");
      // Spring's cache saw the same redacted argument both times: the body ran once
      assertThat(r.cachedCalls.get()).isEqualTo(1);
    });
  }

  @Configuration(proxyBeanMethods = false)
  @EnableTransactionManagement
  @EnableCaching
  static class Config {
    @Bean
    Recorder recorder() {
      return new Recorder();
    }

    @Bean
    PlatformTransactionManager transactionManager(Recorder recorder) {
      return recorder.manager;
    }

    @Bean
    CacheManager cacheManager() {
      return new ConcurrentMapCacheManager("answers");
    }

    @Bean
    Service service(Recorder recorder) {
      return new Service(recorder);
    }
  }

  static final class Recorder {
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<Boolean> bodyInTransaction = new CopyOnWriteArrayList<>();
    final AtomicInteger failFirst = new AtomicInteger();
    final AtomicInteger cachedCalls = new AtomicInteger();
    final PlatformTransactionManager manager = new AbstractPlatformTransactionManager() {
      private static final long serialVersionUID = 1L;

      @Override
      protected Object doGetTransaction() {
        return new Object();
      }

      @Override
      protected void doBegin(Object transaction, TransactionDefinition definition) {
        log.add("begin");
      }

      @Override
      protected void doCommit(DefaultTransactionStatus status) {
        log.add("commit");
      }

      @Override
      protected void doRollback(DefaultTransactionStatus status) {
        log.add("rollback");
      }
    };
  }

  static class Service {
    private final Recorder r;

    Service(Recorder recorder) {
      this.r = recorder;
    }

    @ModelCall("chat")
    @Transactional
    public String transactional(String q) {
      r.bodyInTransaction.add(TransactionSynchronizationManager.isActualTransactionActive());
      if (r.failFirst.getAndDecrement() > 0) {
        throw new IllegalStateException("connection reset");
      }
      return "ok " + q;
    }

    @ModelCall("chat")
    @Cacheable("answers")
    public String cached(String q) {
      r.cachedCalls.incrementAndGet();
      return "answer";
    }
  }
}
