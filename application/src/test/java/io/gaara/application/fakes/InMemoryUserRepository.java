package io.gaara.application.fakes;

import io.gaara.application.EmailAlreadyRegisteredException;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.Email;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import java.time.Instant;
import java.util.Optional;

public final class InMemoryUserRepository implements UserRepository {
    private final InMemoryDatabase db;

    public InMemoryUserRepository(InMemoryDatabase db) {
        this.db = db;
    }

    @Override
    public void add(User user) {
        synchronized (db) {
            boolean taken = db.users.values().stream()
                    .map(User.class::cast)
                    .anyMatch(u -> u.email().equals(user.email()));
            if (taken || db.users.containsKey(user.id())) {
                throw new EmailAlreadyRegisteredException("An account with this email already exists.");
            }
            db.users.put(user.id(), user);
        }
    }

    @Override
    public Optional<User> findByEmail(Email email) {
        synchronized (db) {
            return db.users.values().stream()
                    .map(User.class::cast)
                    .filter(u -> u.email().equals(email))
                    .findFirst();
        }
    }

    @Override
    public Optional<User> findById(UserId id) {
        synchronized (db) {
            return Optional.ofNullable((User) db.users.get(id));
        }
    }

    @Override
    public Optional<User> findFresh(UserId id) {
        return findById(id);
    }

    @Override
    public void updatePasswordHash(UserId id, PasswordHash hash) {
        synchronized (db) {
            User user = (User) db.users.get(id);
            if (user != null) {
                db.users.put(id, user.withPasswordHash(hash));
            }
        }
    }

    @Override
    public boolean markEmailVerified(UserId id, Email email, Instant at) {
        synchronized (db) {
            User user = (User) db.users.get(id);
            if (user == null || !user.email().equals(email)) {
                return false;
            }
            if (!user.emailVerified()) {
                db.users.put(id, new User(user.id(), user.email(), user.passwordHash(), user.createdAt(), at));
            }
            return true;
        }
    }

    @Override
    public boolean changeEmail(UserId id, Email newEmail, Instant verifiedAt) {
        synchronized (db) {
            User user = (User) db.users.get(id);
            if (user == null) {
                return false;
            }
            boolean taken = db.users.values().stream()
                    .map(User.class::cast)
                    .anyMatch(u -> !u.id().equals(id) && u.email().equals(newEmail));
            if (taken) {
                throw new EmailAlreadyRegisteredException("An account with this email already exists.");
            }
            db.users.put(id, new User(id, newEmail, user.passwordHash(), user.createdAt(), verifiedAt));
            return true;
        }
    }

    @Override
    public boolean delete(UserId id) {
        synchronized (db) {
            return db.users.remove(id) != null;
        }
    }
}
