package dev.tally.persistence.postgres.internal;

import dev.tally.domain.price.ModelPrice;
import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** The model_price table; SQL in PriceMapper.xml. */
interface PriceMapper {

    void lockAgainstOtherImports();

    List<PriceRow> all();

    List<PriceRow> inForceAt(@Param("at") Instant at);

    int upsert(@Param("prices") List<ModelPrice> prices);
}
