package dev.mainstay.security.internal;

import dev.mainstay.core.Nullable;
import dev.mainstay.security.Quota;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The accounts behind a policy's {@link Quota}s: per quota, one account per tenant or principal
 * with its window, requests started, tokens used and tokens reserved by calls in flight.
 *
 * <p>Thread-safe: one lock guards all accounts (each operation is a few map and field updates).
 * Memory is bounded: each quota tracks at most {@code maxAccounts} callers; a new caller beyond
 * that evicts an idle one (no call in flight, window over), else the least recently used one
 * without calls in flight, else the least recently used one. An evicted caller starts afresh.
 */
public final class QuotaLedger {

  /**
   * Why a call was refused, and when the window that refused it ends.
   *
   * @param reason {@code REQUEST_QUOTA} or {@code TOKEN_BUDGET}
   * @param quota the quota that refused it
   * @param retryAfterNanos nanoseconds until that quota's window for the caller ends
   */
  public record Denial(String reason, Quota quota, long retryAfterNanos) {}

  /** The decision on a call: its reservations to settle after the call, or its denial. */
  public static final class Ticket {
    private final Account[] accounts;
    private final long reserved;
    private final @Nullable Denial denial;
    private boolean settled;

    private Ticket(Account[] accounts, long reserved, @Nullable Denial denial) {
      this.accounts = accounts;
      this.reserved = reserved;
      this.denial = denial;
      this.settled = denial != null;
    }

    /**
     * Why the call was refused.
     *
     * @return the denial, or null when admitted
     */
    public @Nullable Denial denial() {
      return denial;
    }
  }

  private static final Account[] NONE = new Account[0];

  private static final class Account {
    long windowStart;
    long requests;
    long tokens;
    long reserved;
    int inFlight;
  }

  private static final int EVICTION_PROBE = 32;

  private final List<Quota> quotas;
  private final long[] windowNanos;
  private final List<LinkedHashMap<String, Account>> accounts;
  private final int maxAccounts;
  private final Object lock = new Object();

  /**
   * Creates a ledger.
   *
   * @param quotas the quotas
   * @param maxAccounts the most callers tracked per quota
   */
  public QuotaLedger(List<Quota> quotas, int maxAccounts) {
    this.quotas = List.copyOf(quotas);
    this.maxAccounts = maxAccounts;
    this.windowNanos = new long[this.quotas.size()];
    List<LinkedHashMap<String, Account>> maps = new ArrayList<>(windowNanos.length);
    for (int q = 0; q < windowNanos.length; q++) {
      windowNanos[q] = this.quotas.get(q).window().toNanos();
      maps.add(new LinkedHashMap<>(16, 0.75f, true));
    }
    this.accounts = List.copyOf(maps);
  }

  /**
   * Whether there are quotas at all.
   *
   * @return true when empty
   */
  public boolean isEmpty() {
    return quotas.isEmpty();
  }

  /**
   * Admits a call, counting its request and reserving its estimated tokens in every quota that
   * applies, or refuses it without counting anything.
   *
   * @param tenant the request's tenant, or null
   * @param principal the request's principal, or null
   * @param estimate the call's estimated tokens (at least 1 is reserved)
   * @param now the current {@code TimeSource.nanoTime()}
   * @return a ticket for {@link #settle}, or one that carries the denial
   */
  public Ticket admit(@Nullable String tenant, @Nullable String principal, long estimate,
      long now) {
    long reserve = Math.max(1, estimate);
    synchronized (lock) {
      Account[] held = new Account[quotas.size()];
      for (int q = 0; q < quotas.size(); q++) {
        Quota quota = quotas.get(q);
        String id = quota.scope() == Quota.Scope.TENANT ? tenant : principal;
        if (!quota.only().isEmpty() && (id == null || !quota.only().contains(id))) {
          continue;
        }
        Account a = account(q, id == null ? "" : id, now);
        long left = windowNanos[q] - (now - a.windowStart);
        if (a.requests >= quota.maxRequests()) {
          return new Ticket(NONE, 0, new Denial("REQUEST_QUOTA", quota, left));
        }
        if (quota.maxTokens() != Long.MAX_VALUE && a.tokens + a.reserved >= quota.maxTokens()) {
          return new Ticket(NONE, 0, new Denial("TOKEN_BUDGET", quota, left));
        }
        held[q] = a;
      }
      // every quota admits: now count the call everywhere
      for (Account a : held) {
        if (a != null) {
          a.requests++;
          a.reserved += reserve;
          a.inFlight++;
        }
      }
      return new Ticket(held, reserve, null);
    }
  }

  /**
   * Replaces a call's reservation with the tokens it used. Settling twice has no effect.
   *
   * @param ticket the call's ticket
   * @param usedTokens the tokens it used (0 for a cache hit or a failure)
   * @param now the current {@code TimeSource.nanoTime()}
   */
  public void settle(Ticket ticket, long usedTokens, long now) {
    synchronized (lock) {
      if (ticket.settled) {
        return;
      }
      ticket.settled = true;
      for (int q = 0; q < ticket.accounts.length; q++) {
        Account a = ticket.accounts[q];
        if (a != null) {
          a.reserved -= ticket.reserved;
          a.inFlight--;
          roll(q, a, now);
          a.tokens += Math.max(0, usedTokens);
        }
      }
    }
  }

  /**
   * The number of callers tracked by one quota, for tests.
   *
   * @param quota the quota's index
   * @return tracked callers
   */
  public int tracked(int quota) {
    synchronized (lock) {
      return accounts.get(quota).size();
    }
  }

  /**
   * Tokens used in the current window of one caller, for tests and diagnostics.
   *
   * @param quota the quota's index
   * @param id the tenant or principal ("" for anonymous)
   * @param now the current {@code TimeSource.nanoTime()}
   * @return tokens used, 0 when untracked
   */
  public long tokensUsed(int quota, String id, long now) {
    synchronized (lock) {
      Account a = accounts.get(quota).get(id);
      if (a == null) {
        return 0;
      }
      roll(quota, a, now);
      return a.tokens;
    }
  }

  private Account account(int q, String id, long now) {
    LinkedHashMap<String, Account> map = accounts.get(q);
    Account a = map.get(id);
    if (a == null) {
      if (map.size() >= maxAccounts) {
        evict(q, map, now);
      }
      a = new Account();
      a.windowStart = now;
      map.put(id, a);
    } else {
      roll(q, a, now);
    }
    return a;
  }

  /** Starts the window that holds {@code now}, if the account's window is over. */
  private void roll(int q, Account a, long now) {
    long w = windowNanos[q];
    long elapsed = now - a.windowStart;
    if (elapsed >= w) {
      a.windowStart += elapsed - elapsed % w;
      a.requests = 0;
      a.tokens = 0;
    }
  }

  private void evict(int q, LinkedHashMap<String, Account> map, long now) {
    Iterator<Map.Entry<String, Account>> it = map.entrySet().iterator();
    String eldest = null;
    String notInFlight = null;
    for (int probed = 0; it.hasNext() && probed < EVICTION_PROBE; probed++) {
      Map.Entry<String, Account> e = it.next();
      Account a = e.getValue();
      if (eldest == null) {
        eldest = e.getKey();
      }
      if (a.inFlight == 0) {
        if (now - a.windowStart >= windowNanos[q]) {
          map.remove(e.getKey());
          return;
        }
        if (notInFlight == null) {
          notInFlight = e.getKey();
        }
      }
    }
    String victim = notInFlight != null ? notInFlight : eldest;
    if (victim != null) {
      map.remove(victim);
    }
  }
}
