package models

import "context"

// SchoolOfYear is one of the district's schools with its measures of a
// school year.
type SchoolOfYear struct {
	School  School
	Metrics SchoolMetrics
}

// DistrictSchools lists the schools with measures in a school year, by
// school id, each with those measures.
func (db *DB) DistrictSchools(ctx context.Context, year int) ([]SchoolOfYear, error) {
	var metrics []SchoolMetrics
	err := db.Gorm(ctx).Where("school_year = ?", year).Order("school_id").
		Find(&metrics).Error
	if err != nil {
		return nil, Error(err, "schools' measures")
	}
	var schools []School
	if err := db.Gorm(ctx).Find(&schools).Error; err != nil {
		return nil, Error(err, "schools")
	}
	byID := make(map[string]School, len(schools))
	for _, s := range schools {
		byID[s.SchoolID] = s
	}
	list := make([]SchoolOfYear, len(metrics))
	for i, m := range metrics {
		list[i] = SchoolOfYear{School: byID[m.SchoolID], Metrics: m}
	}
	return list, nil
}

// DistrictYears reads the district's measures of every school year
// computed, oldest first.
func (db *DB) DistrictYears(ctx context.Context) ([]DistrictMetrics, error) {
	var years []DistrictMetrics
	err := db.Gorm(ctx).Order("school_year").Find(&years).Error
	return years, Error(err, "district measures")
}

// Imports lists the latest imports of data bundles, newest first, at most
// limit of them, each with the row counts of its files by file name.
func (db *DB) Imports(ctx context.Context, limit int) ([]Import, error) {
	var list []Import
	err := db.Gorm(ctx).Order("started_at DESC, import_id").Limit(limit).
		Find(&list).Error
	if err != nil || len(list) == 0 {
		return list, Error(err, "imports")
	}
	ids := make([]string, len(list))
	for i, imp := range list {
		ids[i] = imp.ImportID
	}
	var files []ImportFile
	err = db.Gorm(ctx).Where("import_id IN ?", ids).Order("import_id, file").
		Find(&files).Error
	if err != nil {
		return nil, Error(err, "imports")
	}
	byImport := map[string][]ImportFile{}
	for _, f := range files {
		byImport[f.ImportID] = append(byImport[f.ImportID], f)
	}
	for i := range list {
		list[i].Files = byImport[list[i].ImportID]
	}
	return list, nil
}
