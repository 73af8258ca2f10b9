package dev.tally.persistence.postgres.internal;

import dev.tally.domain.price.ModelPrice;
import dev.tally.domain.price.PriceCatalog;
import dev.tally.domain.price.PriceChanges;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The price catalog in model_price. An import is one transaction: compared, then written, or (dry) rolled back. */
public final class PostgresPriceCatalog implements PriceCatalog {

    /** Rows per INSERT: 7 parameters each, well under PostgreSQL's 65,535 bind parameters. */
    private static final int ROWS_PER_STATEMENT = 1000;

    private final MyBatisSessions sessions;

    public PostgresPriceCatalog(MyBatisSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public PriceChanges importPrices(List<ModelPrice> prices, boolean dryRun) {
        return sessions.inTransaction(session -> {
            PriceMapper mapper = session.getMapper(PriceMapper.class);
            mapper.lockAgainstOtherImports();
            Map<ModelPrice.Key, ModelPrice> stored = mapper.all().stream().map(PriceRow::toModelPrice)
                    .collect(Collectors.toMap(ModelPrice::key, Function.identity()));
            List<ModelPrice> added = new ArrayList<>();
            List<ModelPrice> changed = new ArrayList<>();
            List<ModelPrice> unchanged = new ArrayList<>();
            for (ModelPrice price : prices) {
                ModelPrice before = stored.get(price.key());
                (before == null ? added : before.samePricesAs(price) ? unchanged : changed).add(price);
            }
            List<ModelPrice> writes = new ArrayList<>(added);
            writes.addAll(changed);
            if (!dryRun) {
                for (int from = 0; from < writes.size(); from += ROWS_PER_STATEMENT) {
                    mapper.upsert(writes.subList(from, Math.min(writes.size(), from + ROWS_PER_STATEMENT)));
                }
            }
            return new PriceChanges(added, changed, unchanged);
        });
    }

    @Override
    public List<ModelPrice> inForceAt(Instant at) {
        return read(mapper -> mapper.inForceAt(at));
    }

    @Override
    public List<ModelPrice> all() {
        return read(PriceMapper::all);
    }

    private List<ModelPrice> read(Function<PriceMapper, List<PriceRow>> query) {
        return sessions.inTransaction(session -> query.apply(session.getMapper(PriceMapper.class)))
                .stream().map(PriceRow::toModelPrice).toList();
    }
}
