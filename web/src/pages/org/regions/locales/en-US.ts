import type zhCN from './zh-CN';
import type { LocaleShape } from '../../../../app/i18n-types';

const enUS: LocaleShape<typeof zhCN> = {
  title: 'Regions & cities',
  subtitle: 'Group stores by region and city for permission scopes and settlement',
  region: 'Region',
  city: 'City',
  code: 'Code',
  name: 'Name',
  regionCode: 'Region code',
  regionName: 'Region name',
  cityCode: 'City code',
  cityName: 'City name',
  cities: 'Cities',
  cityCount: 'Cities',
  newRegion: 'New region',
  editRegion: 'Edit region',
  newCity: 'Add city',
  editCity: 'Edit city',
  noCities: 'No cities in this region yet',
  search: 'Search regions or cities',
  exportName: 'regions-and-cities',
};
export default enUS;
