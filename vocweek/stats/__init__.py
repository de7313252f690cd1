"""The statistics table (情况统计表): a form defined per campaign as data, each unit's return, the
city's confirmation, aggregation by city and province, and Excel in and out."""
